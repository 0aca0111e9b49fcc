// The search page: Pagefind's JS API with this theme's own results list.
//
// A result links to the place of the best match: the nearest element with an id before it
// (a transcript segment t-HH-MM-SS, an untimed paragraph p-N, a chapter heading, a section
// heading), else the page itself. Works under a sub-path: the base path comes from
// <html data-base="/shownotes/">. Without a built index it says so instead of failing.

const BASE = document.documentElement.dataset.base || "/";
const PAGE_SIZE = 10;
const WINDOW = 6; // words: matches this close together count as one phrase
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

function loadPagefind() {
  if (!loading) {
    loading = import(BASE + "pagefind/pagefind.js")
      .then(async (pf) => {
        await pf.options({ baseUrl: BASE, excerptLength: 30 });
        if (typeof pf.init === "function") await pf.init();
        fillFilters(pf);
        return pf;
      })
      .catch(() => null);
  }
  return loading;
}

async function fillFilters(pf) {
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

function timeOf(id) {
  const m = /^t-(\d{2})-(\d{2})-(\d{2})/.exec(id);
  if (!m) return "";
  const h = Number(m[1]);
  return h ? `${h}:${m[2]}:${m[3]}` : `${Number(m[2])}:${m[3]}`;
}

// The word position of the best match: the densest run of matching words, weighted by Pagefind.
function bestLocation(data) {
  const weighted = (data.weighted_locations || []).slice().sort((a, b) => a.location - b.location);
  if (!weighted.length) return (data.locations || [])[0];
  let best = weighted[0].location;
  let bestScore = -Infinity;
  for (let i = 0; i < weighted.length; i++) {
    let score = 0;
    for (let j = i; j < weighted.length && weighted[j].location - weighted[i].location <= WINDOW; j++) {
      score += weighted[j].balanced_score || weighted[j].weight || 1;
    }
    if (score > bestScore + 1e-9) {
      bestScore = score;
      best = weighted[i].location;
    }
  }
  return best;
}

// The nearest element with a usable id at or before that word.
function anchorBefore(data, location) {
  let found = null;
  for (const a of data.anchors || []) {
    if (!a.id || !(PLACE.test(a.id) || HEADING.test(a.element || ""))) continue;
    if (a.location <= location && (!found || a.location >= found.location)) found = a;
  }
  return found;
}

function excerptAround(data, location) {
  const words = (data.content || "").split(/\s+/);
  const hits = new Set(data.locations || []);
  const from = Math.max(0, location - 12);
  const to = Math.min(words.length, location + 24);
  const p = document.createElement("p");
  p.className = "result-excerpt";
  if (from > 0) p.append("… ");
  for (let i = from; i < to; i++) {
    if (hits.has(i)) {
      const mark = document.createElement("mark");
      mark.textContent = words[i];
      p.append(mark);
    } else {
      p.append(words[i]);
    }
    if (i < to - 1) p.append(" ");
  }
  if (to < words.length) p.append(" …");
  return p;
}

function renderResult(data) {
  const meta = data.meta || {};
  const location = bestLocation(data);
  const anchor = location === undefined ? null : anchorBefore(data, location);
  const url = anchor ? data.url.split("#")[0] + "#" + encodeURIComponent(anchor.id) : data.url;

  const li = document.createElement("li");
  li.className = "result";
  const h = document.createElement("h2");
  h.className = "result-title";
  const a = document.createElement("a");
  a.href = url;
  a.textContent = meta.title || data.url;
  h.append(a);
  li.append(h);

  const facts = [meta.show, formatDate(meta.date)].filter(Boolean);
  if (anchor && anchor.id.startsWith("t-")) facts.push(`transcript at ${timeOf(anchor.id)}`);
  else if (anchor && anchor.id.startsWith("p-")) facts.push("transcript");
  else if (anchor && anchor.text) facts.push(anchor.text.trim().slice(0, 80));
  if (facts.length) {
    const p = document.createElement("p");
    p.className = "result-meta";
    p.textContent = facts.join(" · ");
    li.append(p);
  }
  if (location !== undefined && data.content) li.append(excerptAround(data, location));
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
    const search = immediate ? await pf.search(query, searchOptions()) : await pf.debouncedSearch(query, searchOptions(), 200);
    if (search === null || my !== seq) return;
    const n = search.results.length;
    current = { results: search.results, shown: 0 };
    list.replaceChildren();
    statusEl.textContent = n ? `${n} result${n === 1 ? "" : "s"} for “${query}”` : `Nothing found for “${query}”.`;
    await showMore(my);
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
  input.addEventListener("focus", () => loadPagefind(), { once: true });
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
