// Episode pages (and search landings): the player bar, moments (#t=754, #t=12:34, #t=0:12:34),
// and marking searched words (?highlight=...). Everything here is an extra: without JavaScript
// the page is plain HTML, timestamps are #anchor links and the <audio> element has its own controls.
//
// Loaded by every episode page with audio; elsewhere a few bytes inline load it only when the URL
// asks for a moment or a highlight.

const audio = document.getElementById("player");
const bar = document.getElementById("player-bar");
const long = Boolean(bar && bar.dataset.long === "1"); // H:MM:SS on episodes passing an hour, like the page
const reduceMotion = matchMedia("(prefers-reduced-motion: reduce)").matches;
const store = {
  get(key) { try { return localStorage.getItem("shownotes:" + key); } catch (e) { return null; } },
  set(key, value) { try { localStorage.setItem("shownotes:" + key, value); } catch (e) { /* private mode */ } },
};

// ------------------------------------------------------------------ times

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = String(s % 60).padStart(2, "0");
  return long || h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

function spoken(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
  return [h && `${h} hour${h === 1 ? "" : "s"}`, m && `${m} minute${m === 1 ? "" : "s"}`,
    `${sec} second${sec === 1 ? "" : "s"}`].filter(Boolean).join(" ");
}

// "#t=754", "#t=12:34", "#t=0:12:34", "#t=npt:754.5,800" -> seconds, else null
function momentOf(hash) {
  let text = hash || "";
  try { text = decodeURIComponent(text); } catch (e) { return null; }
  const m = /^#t=(?:npt:)?([0-9:.]+)(?:,[0-9:.]*)?$/.exec(text);
  if (!m) return null;
  const parts = m[1].split(":");
  if (parts.length > 3 || parts.some((p) => p === "" || Number.isNaN(Number(p)))) return null;
  return parts.reduce((total, p) => total * 60 + Number(p), 0);
}

// ------------------------------------------------------------------ places on the page

const segments = [...document.querySelectorAll(".seg > .seg-head > a.ts[data-t]")]
  .map((a) => ({ start: Number(a.dataset.t), el: a.closest(".seg") }));
const inner = [...document.querySelectorAll(".chapter-heading[data-t]")]
  .map((h) => ({ start: Number(h.dataset.t), el: h }));
const chapters = [...document.querySelectorAll(".chapter-table tr[data-t]")]
  .map((tr) => ({ start: Number(tr.dataset.t), title: tr.dataset.title || "", el: tr }));

// the last item starting at or before t (document order), else the first
function lastAtOrBefore(items, t) {
  let found = null;
  for (const item of items) if (item.start <= t) found = item;
  return found || items[0] || null;
}

// where a moment lands: its transcript segment (or a chapter heading inside it), else its chapter row
function placeOf(t) {
  if (segments.length) {
    const seg = lastAtOrBefore(segments, t);
    const within = inner.filter((h) => seg.el.contains(h.el) && h.start <= t);
    return within.length ? within[within.length - 1].el : seg.el;
  }
  const row = lastAtOrBefore(chapters, t);
  return row ? row.el : null;
}

let landed = null;
function land(el, smooth) {
  if (landed) landed.classList.remove("is-target");
  landed = el;
  if (!el) return;
  el.classList.add("is-target");
  el.scrollIntoView({ block: "start", behavior: smooth && !reduceMotion ? "smooth" : "instant" });
}

// ------------------------------------------------------------------ marking searched words

function markSearched() {
  const params = new URLSearchParams(location.search);
  const raw = params.getAll("highlight").join(" ").trim();
  if (!raw) return null;
  const words = [...new Set(raw.toLowerCase().split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter((w) => w.length > 1))];
  if (!words.length) return null;
  const escaped = words.sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const source = `(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})`;
  const pattern = new RegExp(source, "giu");
  const probe = new RegExp(source, "iu");
  const root = document.querySelector("[data-pagefind-body]") || document.querySelector("main") || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      const parent = node.parentElement;
      if (!parent || parent.closest("script, style, mark, .player-bar, [hidden], .seg-head, .visually-hidden")) return NodeFilter.FILTER_REJECT;
      return probe.test(node.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    },
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const marks = [];
  for (const node of nodes) {
    const text = node.data;
    const frag = document.createDocumentFragment();
    let pos = 0;
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      // extend to the end of the word: a search for "moment" marks "moments"
      const end = m.index + m[0].length + (/^[\p{L}\p{N}'’-]*/u.exec(text.slice(m.index + m[0].length))[0].length);
      frag.append(text.slice(pos, m.index));
      const mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = text.slice(m.index, end);
      frag.append(mark);
      marks.push(mark);
      pos = end;
    }
    frag.append(text.slice(pos));
    node.replaceWith(frag);
  }
  return marks;
}

function revealAndScroll(marks) {
  if (!marks || !marks.length) return;
  const target = byHash();
  // the first mark inside the landing place (or after it), else the first on the page
  let first = marks[0];
  if (target) {
    first = marks.find((m) => target.contains(m)) ||
      marks.find((m) => target.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING) || marks[0];
  }
  for (let d = first.closest("details:not([open])"); d; d = d.parentElement && d.parentElement.closest("details:not([open])")) d.open = true;
  first.classList.add("search-hit-first");
  // after the browser's own scroll to the #fragment (it may scroll again once the page has loaded)
  const go = () => requestAnimationFrame(() => first.scrollIntoView({ block: "center", behavior: "instant" }));
  if (document.readyState === "complete") go(); else addEventListener("load", go, { once: true });
}

// ------------------------------------------------------------------ the player

let follow = false;
let cuedAt = null;

// Seek to t (and play). Before anything has loaded this sets the element's default playback start
// position, so cueing a moment fetches nothing from the audio host until the listener presses play.
function cue(t, play) {
  if (!audio) return;
  try { audio.currentTime = t; } catch (e) { /* not seekable yet */ }
  if (Math.abs((audio.currentTime || 0) - t) > 0.5 && audio.readyState < 1) {
    // a browser without a default playback start position: seek once the metadata is there
    if (cuedAt === null) {
      audio.addEventListener("loadedmetadata", () => {
        if (cuedAt !== null) { const at = cuedAt; cuedAt = null; try { audio.currentTime = at; } catch (e) { /* ignore */ } }
      }, { once: true });
    }
    cuedAt = t;
  } else {
    cuedAt = null;
  }
  if (play) { const p = audio.play(); if (p && p.catch) p.catch(() => {}); }
  updateUi(t);
}

const ui = {};
let dragging = false;
let nowSeg = null;
let nowChapter = null;

function currentTime() { return cuedAt !== null ? cuedAt : audio.currentTime || 0; }
function duration() {
  const d = audio && Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : Number(bar.dataset.duration || 0);
  return d || 0;
}

function updateUi(t = currentTime()) {
  if (!bar || !ui.seek) return;
  const d = duration();
  if (!dragging) {
    ui.seek.max = String(Math.max(1, Math.floor(d)));
    ui.seek.value = String(Math.floor(t));
  }
  ui.seek.setAttribute("aria-valuetext", `${spoken(t)}${d ? " of " + spoken(d) : ""}`);
  ui.seek.style.setProperty("--progress", d ? `${Math.min(100, (t / d) * 100)}%` : "0%");
  ui.time.textContent = clock(t) + (d ? " / " + clock(d) : "");
  const started = audio.currentTime > 0 || !audio.paused || cuedAt !== null;
  const chapter = chapters.length ? lastAtOrBefore(chapters, t) : null;
  ui.chapter.textContent = chapter ? chapter.title : "";
  if ((started ? chapter : null) !== nowChapter) {
    nowChapter = started ? chapter : null;
    for (const c of chapters) c.el.classList.toggle("is-now", c === nowChapter);
  }
  if (ui.prev) {
    ui.prev.disabled = !chapters.length;
    ui.next.disabled = !chapters.length || !chapters.some((c) => c.start > t + 0.5);
  }
  const seg = segments.length && started ? lastAtOrBefore(segments, t) : null;
  if (seg !== nowSeg) {
    if (nowSeg) { nowSeg.el.classList.remove("is-now"); nowSeg.el.removeAttribute("aria-current"); }
    nowSeg = seg;
    if (seg) {
      seg.el.classList.add("is-now");
      seg.el.setAttribute("aria-current", "time");
      if (follow && !audio.paused) seg.el.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
    }
  }
}

function setPlaying() {
  const playing = !audio.paused;
  ui.play.setAttribute("aria-label", playing ? "Pause" : "Play");
  ui.play.classList.toggle("is-playing", playing);
  bar.classList.toggle("is-playing", playing);
}

const SPEEDS = [1, 1.25, 1.5, 1.75, 2, 0.75];
function setSpeed(rate) {
  audio.playbackRate = rate;
  audio.defaultPlaybackRate = rate;
  ui.speed.textContent = `${rate}×`;
  ui.speed.setAttribute("aria-label", `Playback speed ${rate} times, change`);
  store.set("speed", String(rate));
}

function setFollow(on) {
  follow = on;
  ui.follow.setAttribute("aria-pressed", on ? "true" : "false");
  store.set("follow", on ? "1" : "0");
  if (on && nowSeg) nowSeg.el.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
}

function say(message) {
  ui.status.textContent = message;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { ui.status.textContent = ""; }, 4000);
}

async function copyMoment() {
  const t = Math.floor(currentTime());
  const url = location.origin + location.pathname + "#t=" + clock(t);
  let ok = false;
  try { await navigator.clipboard.writeText(url); ok = true; } catch (e) {
    const area = document.createElement("textarea");
    area.value = url;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    area.remove();
  }
  say(ok ? `Link to ${clock(t)} copied` : `Copy this link: ${url}`);
}

function startPlayer() {
  const controls = bar.querySelector(".pb");
  for (const el of controls.querySelectorAll("[data-act]")) ui[el.dataset.act] = el;
  ui.time = controls.querySelector(".pb-time");
  ui.chapter = controls.querySelector(".pb-chapter-title");
  ui.status = controls.querySelector(".pb-status");
  audio.controls = false;
  controls.hidden = false;
  bar.classList.add("is-enhanced");

  ui.play.addEventListener("click", () => {
    if (audio.paused) cue(currentTime(), true); else audio.pause();
  });
  ui.back.addEventListener("click", () => cue(Math.max(0, currentTime() - 15), !audio.paused));
  ui.fwd.addEventListener("click", () => cue(Math.min(duration() || Infinity, currentTime() + 30), !audio.paused));
  ui.prev.addEventListener("click", () => {
    const t = currentTime();
    const here = lastAtOrBefore(chapters, t);
    const i = chapters.indexOf(here);
    const to = here && t - here.start > 3 ? here : chapters[Math.max(0, i - 1)];
    if (to) cue(to.start, !audio.paused);
  });
  ui.next.addEventListener("click", () => {
    const to = chapters.find((c) => c.start > currentTime() + 0.5);
    if (to) cue(to.start, !audio.paused);
  });
  ui.speed.addEventListener("click", () => setSpeed(SPEEDS[(SPEEDS.indexOf(audio.playbackRate) + 1) % SPEEDS.length] || 1));
  ui.follow.addEventListener("click", () => setFollow(ui.follow.getAttribute("aria-pressed") !== "true"));
  ui.copy.addEventListener("click", copyMoment);
  ui.seek.addEventListener("input", () => { dragging = true; updateUiPreview(Number(ui.seek.value)); });
  ui.seek.addEventListener("change", () => { dragging = false; cue(Number(ui.seek.value), !audio.paused); });

  audio.addEventListener("timeupdate", () => updateUi());
  audio.addEventListener("durationchange", () => updateUi());
  audio.addEventListener("play", setPlaying);
  audio.addEventListener("pause", setPlaying);
  audio.addEventListener("ended", setPlaying);
  audio.addEventListener("error", () => say("The audio could not be loaded."));

  const speed = Number(store.get("speed"));
  setSpeed(SPEEDS.includes(speed) ? speed : 1);
  follow = store.get("follow") === "1";
  ui.follow.setAttribute("aria-pressed", follow ? "true" : "false");

  // the bar covers the bottom of the window: keep landings and the page's end clear of it
  const fit = () => document.documentElement.style.setProperty("--player-h", `${bar.offsetHeight}px`);
  fit();
  if (window.ResizeObserver) new ResizeObserver(fit).observe(bar);
  setPlaying();
  updateUi(0);
}

function updateUiPreview(t) {
  ui.time.textContent = clock(t) + (duration() ? " / " + clock(duration()) : "");
}

// ------------------------------------------------------------------ wiring

// the time a place on the page stands for: a segment's start, or a chapter heading's
function timeOfPlace(el) {
  if (!el) return null;
  const a = el.matches(".seg") ? el.querySelector(".seg-head a.ts[data-t]") : el.closest("[data-t]");
  return a ? Number(a.dataset.t) : null;
}

function byHash() {
  if (location.hash.length < 2) return null;
  try { return document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { return null; }
}

function onHash(event) {
  const t = momentOf(location.hash);
  if (t !== null) {
    land(placeOf(t), Boolean(event)); // smooth within the page, at once on arrival
    if (audio) cue(t, false);
    return true;
  }
  land(null);
  if (audio && location.hash.length > 1) {
    const at = timeOfPlace(byHash());
    if (at !== null && Number.isFinite(at)) cue(at, false);
  }
  return false;
}

if (audio && bar) startPlayer();

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-t]") : null;
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const t = Number(link.dataset.t);
  if (!Number.isFinite(t) || !audio) return;
  cue(t, true);
  const href = link.getAttribute("href") || "";
  if (href.startsWith("#t=")) {
    // no transcript to scroll to: play from there, and let the address name the moment
    event.preventDefault();
    history.replaceState(null, "", href);
  } else if (link.dataset.at && document.getElementById(link.dataset.at)) {
    // a chapter starting inside a long segment: land on its own heading, not the segment's start
    event.preventDefault();
    location.hash = link.dataset.at;
  }
});

window.addEventListener("hashchange", onHash);
const marks = markSearched();
if (!onHash()) revealAndScroll(marks);

// `shownotes serve` reloads open pages after every rebuild; its script (generator/serve/live.py)
// hands over where the player was, so listening goes on from the same moment.
const reloaded = window.__shownotesReload;
if (audio && reloaded && reloaded.audio && reloaded.audio.src === (audio.getAttribute("src") || audio.currentSrc || "")) {
  cue(Number(reloaded.audio.t) || 0, Boolean(reloaded.audio.playing));
}
