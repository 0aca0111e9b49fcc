// The search page: Pagefind's JS API with this theme's own results list.
//
// A page with matches is one result; each place on it with matches (a transcript segment
// t-HH-MM-SS, an untimed paragraph p-N, a chapter heading, a section heading: the nearest element
// with an id before the words) is a sub-result linking there, with ?highlight= naming the matched
// words so the landing page marks them (static/page.js). Works under a sub-path: the base path comes from
// <html data-base="/shownotes/">. Without a built index it says so instead of failing.
//
// The index may be in several Pagefind bundles (shards: generator/search.py): the one at
// pagefind/ lists the others in its pagefind-entry.json ("shownotes": {"bundles": [...]}), and
// they are merged into it (pagefind.mergeIndex), so one search box searches them all. Pagefind
// sorts each bundle on its own, so sorting by date across bundles uses each bundle's page dates
// (shownotes-sort.json), read when a sort is first chosen.

const BASE = document.documentElement.dataset.base || "/";
const PAGE_SIZE = 10;
const PLACE = /^(t-\d{2}-\d{2}-\d{2}(-\d+)?|p-\d+|chapter-\d+(-.*)?)$/;
const HEADING = /^h[2-6]$/i;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusEl = document.getElementById("search-status");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const filtersBox = document.getElementById("search-filters");
const showSelect = document.getElementById("search-show");
const personSelect = document.getElementById("search-person");
const sortSelect = document.getElementById("search-sort");

let loading = null;
let seq = 0;
let current = null;
let bundles = [""]; // the index's Pagefind bundles, relative to pagefind/ ("" is pagefind/ itself)
let sortFile = null;
let dates = null; // a promise of the page dates of every bundle, once a sort is chosen

const INDEX = BASE + "pagefind/";
const OPTIONS = { baseUrl: BASE, excerptLength: 30 };

// The other bundles to merge, as the primary bundle's entry names them (none for an index made
// by Pagefind alone)
async function readBundles() {
  try {
    const response = await fetch(INDEX + "pagefind-entry.json", { cache: "no-cache" });
    const entry = response.ok ? await response.json() : {};
    const ours = entry.shownotes || {};
    if (Array.isArray(ours.bundles) && ours.bundles.length) {
      bundles = ours.bundles.filter((b) => typeof b === "string" && (b === "" || /^[\w.~-]+(\/[\w.~-]+)*\/$/.test(b)));
      sortFile = typeof ours.sort === "string" && /^[\w.-]+$/.test(ours.sort) ? ours.sort : null;
    }
  } catch (err) {
    // the primary bundle alone still searches
  }
}

function loadPagefind() {
  if (!loading) {
    loading = import(BASE + "pagefind/pagefind.js")
      .then(async (pf) => {
        await pf.options(OPTIONS);
        if (typeof pf.init === "function") await pf.init();
        await readBundles();
        await Promise.all(bundles.filter((b) => b).map((b) => pf.mergeIndex(INDEX + b, OPTIONS)));
        return pf;
      })
      .catch(() => null);
  }
  return loading;
}

// {byId: Map(page id -> [[bundle, date], ...]), sorted: per bundle, its dates in order}. Page ids
// are Pagefind's fragment hashes, unique in a bundle but not always across bundles.
function loadDates() {
  if (!dates) {
    dates = Promise.all(bundles.map((b) => fetch(INDEX + b + sortFile, { cache: "no-cache" })
      .then((r) => (r.ok ? r.json() : {}))
      .catch(() => ({}))))
      .then((files) => {
        const byId = new Map();
        const sorted = files.map((file, bundle) => {
          const entries = Object.entries((file && file.date) || {});
          for (const [id, date] of entries) {
            if (!byId.has(id)) byId.set(id, []);
            byId.get(id).push([bundle, date]);
          }
          return entries.map(([, date]) => date).sort();
        });
        return { byId, sorted };
      });
  }
  return dates;
}

// Pagefind's merged results come in each bundle's own sort order; put them in one by date. As
// with one bundle, only pages with a date are listed (a bundle without any leaves its pages in).
// A sorted result's score is its place in its bundle's dates (negative for "asc"), which tells
// two pages with the same id in different bundles apart.
async function sortAcrossBundles(search, order) {
  if (!order || bundles.length < 2 || !sortFile) return search;
  const { byId, sorted } = await loadDates();
  const dateOf = (r) => {
    const found = byId.get(r.id);
    if (!found) return null;
    const place = Math.round(Math.abs(r.score));
    return (found.length > 1 && found.find(([bundle, date]) => sorted[bundle][place] === date) || found[0])[1];
  };
  const dir = order === "asc" ? 1 : -1;
  const keyed = search.results.map((r) => [dateOf(r), r]).filter(([date]) => date !== null);
  keyed.sort(([x, a], [y, b]) => (x !== y ? (x < y ? -dir : dir) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  search.results = keyed.map(([, r]) => r);
  return search;
}

// The filter lists need every bundle's filter files: read once the first results are shown (or
// when the box gets the focus with nothing to search yet), not before them.
let filled = false;

async function fillFilters(pf) {
  if (filled || !pf) return;
  filled = true;
  try {
    const filters = (await pf.filters()) || {};
    const fill = (select, values) => {
      for (const name of Object.keys(values || {}).sort((a, b) => a.localeCompare(b))) {
        const option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        select.append(option);
      }
    };
    fill(showSelect, filters.show);
    fill(personSelect, filters.person);
    filtersBox.hidden = false;
  } catch (err) {
    // filters are an extra: searching still works without them
  }
}

function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : iso || "";
}

// Every element with an id Pagefind saw, in page order, that a result can land on: transcript
// segments and paragraphs, chapter headings, and the page's section headings.
// A chapter heading at the very start of a segment (nothing indexed between them: the segment's
// timestamp line is not indexed) shares its location; the segment wins there, so such a result
// lands on the segment and its time, and names the chapter.
function placesOf(data) {
  const segmentFirst = (a) => (/^(t|p)-/.test(a.id) ? 1 : 0);
  return (data.anchors || [])
    .filter((a) => a.id && (PLACE.test(a.id) || HEADING.test(a.element || "")))
    .sort((a, b) => a.location - b.location || segmentFirst(a) - segmentFirst(b));
}

// The place at or before a word, else null (the top of the page).
function placeBefore(places, location) {
  let found = null;
  for (const a of places) {
    if (a.location > location) break;
    found = a;
  }
  return found;
}

function scoreOf(data) {
  const scores = new Map();
  for (const w of data.weighted_locations || []) scores.set(w.location, (w.balanced_score || w.weight || 1));
  return (location) => scores.get(location) || 1;
}

// One group of matching words per place: each becomes a sub-result linking to its own place.
function subResults(data) {
  const places = placesOf(data);
  const score = scoreOf(data);
  const groups = new Map();
  for (const location of [...(data.locations || [])].sort((a, b) => a - b)) {
    const place = placeBefore(places, location);
    const key = place ? place.id : "";
    if (!groups.has(key)) {
      const next = places.find((a) => a.location > (place ? place.location : -1));
      groups.set(key, { place, next: next ? next.location : Infinity, hits: [], score: 0 });
    }
    const g = groups.get(key);
    g.hits.push(location);
    g.score += score(location);
  }
  const chapterBefore = (location) => {
    let found = null;
    for (const a of places) {
      if (a.location > location) break;
      if (/^chapter-/.test(a.id)) found = a;
    }
    return found;
  };
  return [...groups.values()].map((g) => ({ ...g, chapter: g.place ? chapterBefore(g.place.location) : null }));
}

const clean = (word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");

// The words a result matched, as written on the page: what the landing page marks.
function matchedWords(words, hits) {
  return [...new Set(hits.map((i) => clean(words[i] || "").toLowerCase()).filter((w) => w.length > 1))];
}

function landingUrl(data, place, marked) {
  const base = data.url.split("#")[0].split("?")[0];
  const query = marked.length ? "?highlight=" + encodeURIComponent(marked.join(" ")) : "";
  return base + query + (place ? "#" + encodeURIComponent(place.id) : "");
}

function excerpt(words, hits, from, to) {
  const hit = new Set(hits);
  const first = hits[0];
  const start = Math.max(from, first - 10);
  const end = Math.min(to, words.length, Math.max(first + 22, start + 30));
  const p = document.createElement("p");
  p.className = "result-excerpt";
  if (start > from) p.append("… ");
  for (let i = start; i < end; i++) {
    if (hit.has(i)) {
      // mark the word, not the punctuation around it
      const [, lead, core, tail] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(words[i]);
      const mark = document.createElement("mark");
      mark.textContent = core || words[i];
      p.append(lead, mark, core ? tail : "");
    } else {
      p.append(words[i]);
    }
    if (i < end - 1) p.append(" ");
  }
  if (end < Math.min(to, words.length)) p.append(" …");
  return p;
}

function clockOf(id, long) {
  const m = /^t-(\d{2})-(\d{2})-(\d{2})/.exec(id);
  if (!m) return "";
  const h = Number(m[1]);
  return long || h ? `${h}:${m[2]}:${m[3]}` : `${Number(m[2])}:${m[3]}`;
}

// a chapter heading reads "0:37:29 Scaling Nemotron" (or "~37:29 ..." when times are estimated)
function headingParts(text) {
  const t = (text || "").trim().replace(/\.$/, "");
  const m = /^~?(\d{1,2}:\d{2}(?::\d{2})?)\s+(.*)$/.exec(t);
  return m ? { time: m[1], title: m[2] } : { time: "", title: t };
}

function placeLabel(g, long) {
  const id = g.place.id;
  const chapter = g.chapter ? headingParts(g.chapter.text).title : "";
  if (id.startsWith("t-")) return [clockOf(id, long), chapter].filter(Boolean).join(" · ");
  if (id.startsWith("p-")) return chapter ? `Transcript · ${chapter}` : "Transcript";
  if (id.startsWith("chapter-")) {
    const { time, title } = headingParts(g.place.text);
    return [time, title || "Chapter"].filter(Boolean).join(" · ");
  }
  return (g.place.text || "").trim().replace(/\.$/, "") || "Here";
}

// the excerpt of a place starts after its heading's own words (the label shows them)
function bodyStart(place) {
  if (!place) return 0;
  return HEADING.test(place.element || "") ? place.location + (place.text || "").trim().split(/\s+/).filter(Boolean).length : place.location;
}

function markWords(el, text, marked) {
  if (!marked.length) { el.textContent = text; return; }
  const escaped = marked.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  let pos = 0;
  for (const m of text.matchAll(pattern)) {
    el.append(text.slice(pos, m.index));
    const mark = document.createElement("mark");
    mark.textContent = m[0];
    el.append(mark);
    pos = m.index + m[0].length;
  }
  el.append(text.slice(pos));
}

const SUB_SHOWN = 4;

function renderResult(data) {
  const meta = data.meta || {};
  const words = (data.content || "").split(/\s+/);
  const long = meta.clock === "h:mm:ss";
  const groups = subResults(data);
  const all = matchedWords(words, data.locations || []);

  const li = document.createElement("li");
  li.className = "result";
  const h = document.createElement("h2");
  h.className = "result-title";
  const a = document.createElement("a");
  a.href = landingUrl(data, null, all);
  a.textContent = meta.title || data.url;
  h.append(a);
  li.append(h);

  const facts = [meta.show, formatDate(meta.date)].filter(Boolean);
  const placeCount = groups.filter((g) => g.place).length;
  if (placeCount > 1) facts.push(`found in ${placeCount} places`);
  if (facts.length) {
    const p = document.createElement("p");
    p.className = "result-meta";
    p.textContent = facts.join(" · ");
    li.append(p);
  }

  // words at the top of the page (title, people) show under the title, which links there
  const top = groups.find((g) => !g.place);
  if (top) li.append(excerpt(words, top.hits, 0, top.next));
  const places = groups.filter((g) => g.place);
  // the best few places, shown in page order; the rest behind a button
  const best = new Set([...places].sort((x, y) => y.score - x.score).slice(0, SUB_SHOWN));
  const list = document.createElement("ul");
  list.className = "sub-results";
  for (const g of places) {
    const item = document.createElement("li");
    item.className = "sub-result";
    if (!best.has(g)) item.hidden = true;
    const link = document.createElement("a");
    const marked = matchedWords(words, g.hits);
    link.href = landingUrl(data, g.place, marked);
    link.className = "sub-result-link";
    const start = bodyStart(g.place);
    const inBody = g.hits.filter((i) => i >= start);
    // words found in a heading are marked in its label; words after it get an excerpt
    markWords(link, placeLabel(g, long), inBody.length < g.hits.length ? marked : []);
    item.append(link);
    if (inBody.length) item.append(excerpt(words, inBody, start, g.next));
    list.append(item);
  }
  if (places.length) li.append(list);
  const hidden = places.length - best.size;
  if (hidden > 0) {
    const more = document.createElement("button");
    more.type = "button";
    more.className = "sub-more";
    more.textContent = `${hidden} more place${hidden === 1 ? "" : "s"} in this ${meta.date ? "episode" : "page"}`;
    more.addEventListener("click", () => {
      const first = [...list.children].find((item) => item.hidden);
      for (const item of list.children) item.hidden = false;
      more.remove();
      if (first) first.querySelector("a").focus();
    });
    li.append(more);
  }
  return li;
}

function searchOptions() {
  const filters = {};
  if (showSelect.value) filters.show = showSelect.value;
  if (personSelect.value) filters.person = personSelect.value;
  const options = { filters };
  if (sortSelect.value) options.sort = { date: sortSelect.value };
  return options;
}

function remember(query) {
  const url = query ? `${location.pathname}?q=${encodeURIComponent(query)}` : location.pathname;
  history.replaceState(null, "", url);
}

async function showMore(my) {
  if (!current) return;
  const slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
  const datas = await Promise.all(slice.map((r) => r.data()));
  if (my !== seq) return;
  for (const data of datas) list.append(renderResult(data));
  current.shown += slice.length;
  moreButton.hidden = current.shown >= current.results.length;
}

async function run(immediate) {
  const my = ++seq;
  const query = input.value.trim();
  remember(query);
  if (!query) {
    current = null;
    list.replaceChildren();
    statusEl.textContent = "";
    moreButton.hidden = true;
    return;
  }
  const pf = await loadPagefind();
  if (my !== seq) return;
  if (!pf) {
    statusEl.textContent = "Search is not available: this site was built without its search index.";
    return;
  }
  statusEl.textContent = "Searching…";
  try {
    const options = searchOptions();
    if (options.sort && bundles.length > 1 && sortFile) loadDates(); // fetched while Pagefind searches
    let search = immediate ? await pf.search(query, options) : await pf.debouncedSearch(query, options, 200);
    if (search === null || my !== seq) return;
    search = await sortAcrossBundles(search, options.sort && options.sort.date);
    if (my !== seq) return;
    const n = search.results.length;
    current = { results: search.results, shown: 0 };
    list.replaceChildren();
    statusEl.textContent = n ? `${n} result${n === 1 ? "" : "s"} for “${query}”` : `Nothing found for “${query}”.`;
    await showMore(my);
    fillFilters(pf);
  } catch (err) {
    if (my === seq) statusEl.textContent = "Search failed; please try again.";
  }
}

if (form && input) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(true);
  });
  input.addEventListener("input", () => run(false));
  input.addEventListener("focus", () => loadPagefind().then((pf) => { if (!input.value.trim()) fillFilters(pf); }), { once: true });
  for (const select of [showSelect, personSelect, sortSelect]) select.addEventListener("change", () => run(true));
  moreButton.addEventListener("click", () => showMore(seq));
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(true);
  } else {
    input.focus();
  }
}
