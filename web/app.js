/*
 * tolk serve's page for translators: search the term base, the memory and the
 * concordance; check a Dutch text for misspellings and terms.
 *
 * Rules this file keeps: text from the server is inserted with textContent or
 * as text nodes only (never parsed as markup), no inline styles (the page's
 * Content-Security-Policy forbids them), every UI string in STRINGS below.
 */
'use strict';

(function () {
	/* ---- every UI string, English and Dutch --------------------------------------------- */
	const STRINGS = {
		en: {
			title: 'tolk — terms and memory',
			skip: 'Skip to the content',
			tagline: "The department's term base and translation memory",
			language: 'Language',
			views: 'Views',
			tabSearch: 'Search',
			tabCheck: 'Check a text',
			searchLabel: 'Word or phrase, Dutch or English',
			searchHint: 'Enter searches the term base, the memory and the concordance.',
			searchButton: 'Search',
			termsHeading: 'Approved terms',
			tmHeading: 'Best matches in the memory',
			concHeading: 'Concordance',
			legendDiff: 'Differences from your text:',
			legendDel: 'only in the memory',
			legendIns: 'only in your text',
			textLabel: 'Dutch text',
			checkButton: 'Check',
			checkHint: 'Ctrl+Enter checks too.',
			markedHeading: 'Your text',
			legendSpell: 'possible misspelling',
			legendTerm: 'term from the term base',
			findingsHeading: 'Possible misspellings',
			foundHeading: 'Terms in the text',
			footer: 'tolk serve — this page works offline and sends your text only to this server.',
			emptyQuery: 'Type a word or phrase first.',
			emptyText: 'Paste a Dutch text first.',
			searching: 'Searching…',
			checking: 'Checking…',
			searchDone: (t, m, c) => `${plural(t, 'concept', 'concepts')}, ${plural(m, 'match', 'matches')} in the memory, ${plural(c, 'concordance hit', 'concordance hits')}.`,
			checkDone: (f, t) => `${plural(f, 'possible misspelling', 'possible misspellings')}, ${plural(t, 'term', 'terms')}.`,
			noTerms: 'No term found.',
			didYouMean: 'Did you mean:',
			lettersOff: (n) => plural(n, 'letter off', 'letters off'),
			noMatches: 'No match of 50% or more.',
			noHits: 'No unit holds this.',
			noFindings: 'No misspellings found.',
			noFound: 'No terms of the term base in this text.',
			suggestions: 'Suggestions:',
			noSuggestions: 'no suggestions',
			lineCol: (l, c) => `line ${l}, column ${c}`,
			inflected: 'inflected form',
			definition: 'Definition',
			note: 'Note',
			context: 'Example',
			subject: 'Subject field',
			source: 'Source',
			target: 'Translation',
			changed: (d, who) => who ? `changed ${d} by ${who}` : `changed ${d}`,
			unavailable: 'Not available:',
			networkError: 'The server cannot be reached.',
			langs: { nl: 'Dutch', en: 'English' },
			status: { preferred: 'preferred', admitted: 'admitted', deprecated: 'deprecated', superseded: 'superseded' },
			pos: { noun: 'noun', verb: 'verb', adjective: 'adjective', adverb: 'adverb', properNoun: 'proper noun', other: 'other' },
		},
		nl: {
			title: 'tolk — termen en geheugen',
			skip: 'Naar de inhoud',
			tagline: 'De termenbank en het vertaalgeheugen van de afdeling',
			language: 'Taal',
			views: 'Weergaven',
			tabSearch: 'Zoeken',
			tabCheck: 'Tekst controleren',
			searchLabel: 'Woord of zinsdeel, Nederlands of Engels',
			searchHint: 'Enter doorzoekt de termenbank, het geheugen en de concordantie.',
			searchButton: 'Zoeken',
			termsHeading: 'Goedgekeurde termen',
			tmHeading: 'Beste overeenkomsten in het geheugen',
			concHeading: 'Concordantie',
			legendDiff: 'Verschillen met uw tekst:',
			legendDel: 'alleen in het geheugen',
			legendIns: 'alleen in uw tekst',
			textLabel: 'Nederlandse tekst',
			checkButton: 'Controleren',
			checkHint: 'Ctrl+Enter controleert ook.',
			markedHeading: 'Uw tekst',
			legendSpell: 'mogelijke spelfout',
			legendTerm: 'term uit de termenbank',
			findingsHeading: 'Mogelijke spelfouten',
			foundHeading: 'Termen in de tekst',
			footer: 'tolk serve — deze pagina werkt offline en stuurt uw tekst alleen naar deze server.',
			emptyQuery: 'Typ eerst een woord of zinsdeel.',
			emptyText: 'Plak eerst een Nederlandse tekst.',
			searching: 'Bezig met zoeken…',
			checking: 'Bezig met controleren…',
			searchDone: (t, m, c) => `${plural(t, 'begrip', 'begrippen')}, ${plural(m, 'overeenkomst', 'overeenkomsten')} in het geheugen, ${plural(c, 'concordantietreffer', 'concordantietreffers')}.`,
			checkDone: (f, t) => `${plural(f, 'mogelijke spelfout', 'mogelijke spelfouten')}, ${plural(t, 'term', 'termen')}.`,
			noTerms: 'Geen term gevonden.',
			didYouMean: 'Bedoelt u:',
			lettersOff: (n) => plural(n, 'letter verschil', 'letters verschil'),
			noMatches: 'Geen overeenkomst van 50% of meer.',
			noHits: 'Geen eenheid bevat dit.',
			noFindings: 'Geen spelfouten gevonden.',
			noFound: 'Geen termen uit de termenbank in deze tekst.',
			suggestions: 'Suggesties:',
			noSuggestions: 'geen suggesties',
			lineCol: (l, c) => `regel ${l}, kolom ${c}`,
			inflected: 'verbogen vorm',
			definition: 'Definitie',
			note: 'Opmerking',
			context: 'Voorbeeld',
			subject: 'Vakgebied',
			source: 'Bron',
			target: 'Vertaling',
			changed: (d, who) => who ? `gewijzigd ${d} door ${who}` : `gewijzigd ${d}`,
			unavailable: 'Niet beschikbaar:',
			networkError: 'De server is niet bereikbaar.',
			langs: { nl: 'Nederlands', en: 'Engels' },
			status: { preferred: 'voorkeur', admitted: 'toegelaten', deprecated: 'afgeraden', superseded: 'vervangen' },
			pos: { noun: 'zelfstandig naamwoord', verb: 'werkwoord', adjective: 'bijvoeglijk naamwoord', adverb: 'bijwoord', properNoun: 'eigennaam', other: 'overig' },
		},
	};

	function plural(n, one, many) {
		return `${n} ${n === 1 ? one : many}`;
	}

	/* ---- language: stored choice, else the browser's ------------------------------------ */
	const STORE_KEY = 'tolk.lang';
	let lang = initialLang();
	let S = STRINGS[lang];

	function initialLang() {
		let stored = null;
		try {
			stored = window.localStorage.getItem(STORE_KEY);
		} catch (e) {
			/* storage off (private mode): the browser's language decides */
		}
		if (stored && STRINGS[stored])
			return stored;
		const prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
		for (const p of prefs) {
			const primary = String(p).toLowerCase().split('-')[0];
			if (STRINGS[primary])
				return primary;
		}
		return 'en';
	}

	function applyLang() {
		S = STRINGS[lang];
		document.documentElement.lang = lang;
		for (const el of document.querySelectorAll('[data-i18n]'))
			el.textContent = S[el.dataset.i18n];
		for (const el of document.querySelectorAll('[data-i18n-aria-label]'))
			el.setAttribute('aria-label', S[el.dataset.i18nAriaLabel]);
		for (const b of document.querySelectorAll('.langswitch button'))
			b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
		renderSearch();
		renderCheck();
	}

	function setLang(l) {
		lang = l;
		try {
			window.localStorage.setItem(STORE_KEY, l);
		} catch (e) {
			/* not persisted; the switch still works for this page */
		}
		applyLang();
	}

	/* ---- small DOM helpers: elements and text nodes only -------------------------------- */
	function el(tag, cls, text) {
		const e = document.createElement(tag);
		if (cls)
			e.className = cls;
		if (text !== undefined && text !== null)
			e.textContent = String(text);
		return e;
	}

	function clear(node) {
		while (node.firstChild)
			node.removeChild(node.firstChild);
	}

	function $(id) {
		return document.getElementById(id);
	}

	/*
	 * The server counts offsets in UTF-8 bytes, JavaScript strings in UTF-16 code
	 * units: map every byte offset that starts a character to its string index.
	 */
	function byteIndexMap(text) {
		const enc = new TextEncoder();
		const map = new Map();
		let bytes = 0;
		let index = 0;
		map.set(0, 0);
		for (const ch of text) {
			bytes += enc.encode(ch).length;
			index += ch.length;
			map.set(bytes, index);
		}
		return map;
	}

	/* Spans [[startByte, endByte], ...] as [{start, end}] string indices; spans off a character boundary are dropped. */
	function toIndices(text, spans) {
		const map = byteIndexMap(text);
		const out = [];
		for (const s of spans) {
			const a = map.get(s.start);
			const b = map.get(s.end);
			if (a !== undefined && b !== undefined && b > a)
				out.push(Object.assign({}, s, { start: a, end: b }));
		}
		return out;
	}

	/*
	 * text with its spans wrapped in <mark>: spans may overlap, so the text is
	 * cut at every span edge and each piece gets the classes of the spans over it.
	 */
	function markedText(container, text, spans) {
		const edges = new Set([0, text.length]);
		for (const s of spans) {
			edges.add(s.start);
			edges.add(s.end);
		}
		const cuts = [...edges].sort((a, b) => a - b);
		for (let k = 0; k + 1 < cuts.length; k++) {
			const a = cuts[k];
			const b = cuts[k + 1];
			const piece = text.slice(a, b);
			const over = spans.filter((s) => s.start <= a && s.end >= b);
			if (!over.length) {
				container.appendChild(document.createTextNode(piece));
				continue;
			}
			const m = el('mark', [...new Set(over.map((s) => s.cls))].join(' '), piece);
			const titles = over.map((s) => s.title).filter(Boolean);
			if (titles.length)
				m.title = titles.join(' · ');
			container.appendChild(m);
		}
	}

	/* ---- talking to the server ----------------------------------------------------------- */
	class ApiError extends Error {}

	async function api(path, body) {
		const init = body === undefined ? { headers: { Accept: 'application/json' } } : {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify(body),
		};
		let resp;
		try {
			resp = await fetch(path, init);
		} catch (e) {
			throw new ApiError(S.networkError);
		}
		let data = null;
		try {
			data = await resp.json();
		} catch (e) {
			data = null;
		}
		if (!resp.ok)
			throw new ApiError(data && (data.detail || data.error) ? String(data.detail || data.error) : `HTTP ${resp.status}`);
		return data;
	}

	function errorNote(container, err) {
		const p = el('p', 'error');
		p.appendChild(el('strong', null, S.unavailable));
		p.appendChild(document.createTextNode(' ' + (err instanceof ApiError ? err.message : S.networkError)));
		container.appendChild(p);
	}

	/* ---- search: terms, memory, concordance ---------------------------------------------- */
	const search = { seq: 0, query: '', busy: false, terms: null, tm: null, conc: null };

	async function runSearch(q) {
		const seq = ++search.seq;
		search.query = q;
		search.busy = true;
		search.terms = search.tm = search.conc = null;
		renderSearch();
		const enc = encodeURIComponent(q);
		const settle = (p) => p.then((v) => ({ ok: true, v }), (e) => ({ ok: false, e }));
		const [terms, tm, conc] = await Promise.all([
			settle(api(`/api/term/lookup?q=${enc}`)),
			settle(api(`/api/tm/lookup?q=${enc}&min=50&max=5`)),
			settle(api(`/api/tm/concordance?q=${enc}&max=20`)),
		]);
		if (seq !== search.seq)
			return; /* a newer search has started: its answers are the ones to show */
		Object.assign(search, { busy: false, terms, tm, conc });
		renderSearch();
	}

	function renderSearch() {
		const status = $('search-status');
		for (const id of ['terms', 'tm', 'conc'])
			clear($(id));
		if (search.busy) {
			status.textContent = S.searching;
			return;
		}
		if (!search.terms) {
			status.textContent = '';
			return;
		}
		const n = (r, key) => (r && r.ok ? r.v[key].length : 0);
		status.textContent = S.searchDone(n(search.terms, 'concepts'), n(search.tm, 'matches'), n(search.conc, 'hits'));
		renderTerms($('terms'), search.terms);
		renderTm($('tm'), search.tm);
		renderConc($('conc'), search.conc);
	}

	function statusBadge(status) {
		return el('span', `badge status-${status}`, S.status[status] || status);
	}

	function langName(code) {
		const primary = String(code || '').split('-')[0];
		return S.langs[primary] || code;
	}

	function renderConcept(c) {
		const card = el('article', 'card concept');
		const head = el('h3', null, c.matched || c.id);
		card.appendChild(head);
		if (c.subject_field) {
			const sub = el('p', 'meta');
			sub.appendChild(document.createTextNode(`${S.subject}: `));
			sub.appendChild(el('span', null, c.subject_field));
			card.appendChild(sub);
		}
		const dl = el('dl', 'terms');
		const order = ['nl', 'en'];
		const langs = [...new Set(c.terms.map((t) => t.lang))].sort((a, b) => {
			const ia = order.indexOf(a) < 0 ? 9 : order.indexOf(a);
			const ib = order.indexOf(b) < 0 ? 9 : order.indexOf(b);
			return ia - ib || a.localeCompare(b);
		});
		for (const l of langs) {
			dl.appendChild(el('dt', null, langName(l)));
			const dd = el('dd');
			const ul = el('ul', 'plain');
			for (const t of c.terms.filter((x) => x.lang === l)) {
				const li = el('li', `term-line status-line-${t.status}`);
				const term = el('span', 'term', t.term);
				term.lang = l;
				li.appendChild(term);
				li.appendChild(document.createTextNode(' '));
				li.appendChild(statusBadge(t.status));
				if (t.pos)
					li.appendChild(el('span', 'pos', S.pos[t.pos] || t.pos));
				if (t.note)
					li.appendChild(el('p', 'note', `${S.note}: ${t.note}`));
				if (t.context) {
					const ctx = el('p', 'note', `${S.context}: ${t.context}`);
					ctx.lang = l;
					li.appendChild(ctx);
				}
				ul.appendChild(li);
			}
			dd.appendChild(ul);
			dl.appendChild(dd);
		}
		card.appendChild(dl);
		for (const [l, text] of Object.entries(c.definitions || {})) {
			const p = el('p', 'definition');
			p.appendChild(el('strong', null, `${S.definition} (${langName(l)}): `));
			const span = el('span', null, text);
			span.lang = l;
			p.appendChild(span);
			card.appendChild(p);
		}
		if (c.note) {
			const p = el('p', 'note');
			p.appendChild(el('strong', null, `${S.note}: `));
			p.appendChild(document.createTextNode(c.note));
			card.appendChild(p);
		}
		return card;
	}

	function renderTerms(box, r) {
		if (!r.ok)
			return errorNote(box, r.e);
		const d = r.v;
		for (const c of d.concepts)
			box.appendChild(renderConcept(c));
		if (d.concepts.length)
			return;
		box.appendChild(el('p', 'empty', S.noTerms));
		if (!d.suggestions.length)
			return;
		box.appendChild(el('p', 'sub', S.didYouMean));
		const ul = el('ul', 'plain suggestions');
		for (const s of d.suggestions) {
			const li = el('li', 'card suggestion');
			const b = el('button', 'linklike', s.matched);
			b.type = 'button';
			b.addEventListener('click', () => {
				$('q').value = s.matched;
				runSearch(s.matched);
			});
			li.appendChild(b);
			const en = s.terms.filter((t) => t.lang === 'en');
			const nl = s.terms.filter((t) => t.lang === 'nl');
			/* The other language beside the near miss: the English of a Dutch one, and the other way round. */
			const other = nl.some((t) => t.term === s.matched) ? en : nl;
			for (const [k, t] of other.entries()) {
				li.appendChild(document.createTextNode(k ? ', ' : ' → '));
				const span = el('span', 'term', t.term);
				span.lang = t.lang;
				li.appendChild(span);
				li.appendChild(document.createTextNode(' '));
				li.appendChild(statusBadge(t.status));
			}
			li.appendChild(el('span', 'meta', ` (${S.lettersOff(s.distance)})`));
			ul.appendChild(li);
		}
		box.appendChild(ul);
	}

	function renderTm(box, r) {
		if (!r.ok)
			return errorNote(box, r.e);
		if (!r.v.matches.length)
			return box.appendChild(el('p', 'empty', S.noMatches));
		for (const m of r.v.matches) {
			const card = el('article', 'card match');
			card.appendChild(el('span', `score ${m.score === 100 ? 'exact' : m.score >= 75 ? 'high' : 'low'}`, `${m.score}%`));
			const src = el('p', 'source');
			src.lang = m.source_lang || 'nl';
			for (const part of m.diff) {
				if (part.op === 'equal')
					src.appendChild(document.createTextNode(part.text));
				else
					src.appendChild(el(part.op === 'delete' ? 'del' : 'ins', null, part.text));
			}
			card.appendChild(src);
			const tgt = el('p', 'target', m.target || '');
			tgt.lang = m.target_lang || 'en';
			card.appendChild(tgt);
			if (m.changed)
				card.appendChild(el('p', 'meta', S.changed(String(m.changed).slice(0, 10), m.changed_by)));
			box.appendChild(card);
		}
	}

	function renderConc(box, r) {
		if (!r.ok)
			return errorNote(box, r.e);
		if (!r.v.hits.length)
			return box.appendChild(el('p', 'empty', S.noHits));
		for (const h of r.v.hits) {
			const card = el('article', 'card hit');
			for (const [text, spans, l, cls] of [[h.source, h.source_spans, h.source_lang, 'source'],
				[h.target, h.target_spans, h.target_lang, 'target']]) {
				if (text === null || text === undefined)
					continue;
				const p = el('p', cls);
				p.lang = l || '';
				const marks = toIndices(text, spans.map(([start, end]) => ({ start, end, cls: 'hit' })));
				markedText(p, text, marks);
				card.appendChild(p);
			}
			if (!h.exact)
				card.appendChild(el('p', 'meta', S.inflected));
			box.appendChild(card);
		}
	}

	/* ---- check a text: spelling and terms ------------------------------------------------ */
	const check = { seq: 0, text: '', busy: false, spell: null, terms: null, english: new Map() };

	/* The English of each recognized concept, by looking its term up (at most 30 concepts per text). */
	async function englishOf(matches) {
		const out = new Map();
		const concepts = [];
		for (const m of matches)
			if (!concepts.some((c) => c.concept === m.concept))
				concepts.push(m);
		await Promise.all(concepts.slice(0, 30).map(async (m) => {
			try {
				const d = await api(`/api/term/lookup?q=${encodeURIComponent(m.term)}&lang=${encodeURIComponent(m.lang)}`);
				const c = d.concepts.find((x) => x.id === m.concept);
				if (c)
					out.set(m.concept, c.terms.filter((t) => t.lang === 'en'));
			} catch (e) {
				/* the list shows the Dutch term alone */
			}
		}));
		return out;
	}

	async function runCheck(text) {
		const seq = ++check.seq;
		check.text = text;
		check.busy = true;
		check.spell = check.terms = null;
		renderCheck();
		const settle = (p) => p.then((v) => ({ ok: true, v }), (e) => ({ ok: false, e }));
		const [spell, terms] = await Promise.all([
			settle(api('/api/spell', { text })),
			settle(api('/api/term/recognize', { text, lang: 'nl' })),
		]);
		const english = terms.ok ? await englishOf(terms.v.matches) : new Map();
		if (seq !== check.seq)
			return;
		Object.assign(check, { busy: false, spell, terms, english });
		renderCheck();
	}

	function renderCheck() {
		const status = $('check-status');
		const marked = $('marked');
		const findings = $('findings');
		const found = $('found');
		for (const n of [marked, findings, found])
			clear(n);
		if (check.busy) {
			status.textContent = S.checking;
			return;
		}
		if (!check.spell) {
			status.textContent = '';
			return;
		}
		const text = check.text;
		const spans = [];
		const sp = check.spell;
		const tm = check.terms;
		status.textContent = S.checkDone(sp.ok ? sp.v.findings.length : 0, tm.ok ? tm.v.matches.length : 0);
		if (sp.ok) {
			for (const f of sp.v.findings)
				spans.push({ start: f.start, end: f.end, cls: 'spell',
					title: f.suggestions.length ? `${S.suggestions} ${f.suggestions.join(', ')}` : S.noSuggestions });
			if (!sp.v.findings.length)
				findings.appendChild(el('li', 'empty', S.noFindings));
			for (const f of sp.v.findings) {
				const li = el('li', 'card finding');
				const w = el('span', 'word', f.word);
				w.lang = 'nl';
				li.appendChild(w);
				li.appendChild(el('span', 'meta', ` ${S.lineCol(f.line, f.column)}`));
				const p = el('p', 'sugg');
				p.appendChild(document.createTextNode(`${S.suggestions} `));
				if (!f.suggestions.length)
					p.appendChild(el('span', 'meta', S.noSuggestions));
				f.suggestions.forEach((s, k) => {
					if (k)
						p.appendChild(document.createTextNode(', '));
					const span = el('span', 'suggestion-word', s);
					span.lang = 'nl';
					p.appendChild(span);
				});
				li.appendChild(p);
				findings.appendChild(li);
			}
		} else {
			errorNote(findings, sp.e);
		}
		if (tm.ok) {
			for (const m of tm.v.matches) {
				const en = (check.english.get(m.concept) || []).map((t) => t.term);
				spans.push({ start: m.start, end: m.end, cls: `term status-${m.status}`,
					title: `${m.term} (${S.status[m.status] || m.status})${en.length ? ' → ' + en.join(', ') : ''}` });
			}
			if (!tm.v.matches.length)
				found.appendChild(el('li', 'empty', S.noFound));
			for (const m of tm.v.matches) {
				const li = el('li', 'card found');
				const t = el('span', 'term', m.text);
				t.lang = 'nl';
				li.appendChild(t);
				li.appendChild(document.createTextNode(' '));
				li.appendChild(statusBadge(m.status));
				(check.english.get(m.concept) || []).forEach((e, k) => {
					li.appendChild(document.createTextNode(k ? ', ' : ' → '));
					const span = el('span', 'term', e.term);
					span.lang = 'en';
					li.appendChild(span);
					li.appendChild(document.createTextNode(' '));
					li.appendChild(statusBadge(e.status));
				});
				found.appendChild(li);
			}
		} else {
			errorNote(found, tm.e);
		}
		markedText(marked, text, toIndices(text, spans));
	}

	/* ---- tabs: arrow keys, Home and End move between them (WAI-ARIA tabs pattern) ------- */
	const tabs = () => [...document.querySelectorAll('[role="tab"]')];

	function selectTab(tab, focus) {
		for (const t of tabs()) {
			const on = t === tab;
			t.setAttribute('aria-selected', String(on));
			t.tabIndex = on ? 0 : -1;
			$(t.getAttribute('aria-controls')).hidden = !on;
		}
		if (focus)
			tab.focus();
		const hash = tab.id === 'tab-check' ? '#check' : '#search';
		if (window.location.hash !== hash)
			history.replaceState(null, '', hash);
	}

	function onTabKey(ev) {
		const list = tabs();
		const k = list.indexOf(ev.currentTarget);
		let next = null;
		if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown')
			next = list[(k + 1) % list.length];
		else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp')
			next = list[(k - 1 + list.length) % list.length];
		else if (ev.key === 'Home')
			next = list[0];
		else if (ev.key === 'End')
			next = list[list.length - 1];
		if (next) {
			ev.preventDefault();
			selectTab(next, true);
		}
	}

	/* ---- wiring ----------------------------------------------------------------------------- */
	function start() {
		for (const b of document.querySelectorAll('.langswitch button'))
			b.addEventListener('click', () => setLang(b.dataset.lang));
		for (const t of tabs()) {
			t.addEventListener('click', () => selectTab(t, false));
			t.addEventListener('keydown', onTabKey);
		}
		$('search-form').addEventListener('submit', (ev) => {
			ev.preventDefault();
			const q = $('q').value.trim();
			if (!q) {
				$('search-status').textContent = S.emptyQuery;
				return;
			}
			runSearch(q);
		});
		$('check-form').addEventListener('submit', (ev) => {
			ev.preventDefault();
			const text = $('text').value;
			if (!text.trim()) {
				$('check-status').textContent = S.emptyText;
				return;
			}
			runCheck(text);
		});
		$('text').addEventListener('keydown', (ev) => {
			if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
				ev.preventDefault();
				$('check-form').requestSubmit();
			}
		});
		if (window.location.hash === '#check')
			selectTab($('tab-check'), false);
		applyLang();
		/* A link such as /?q=lastenverdeling searches at once. */
		const q = new URLSearchParams(window.location.search).get('q');
		if (q && q.trim()) {
			$('q').value = q;
			runSearch(q.trim());
		}
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', start);
	else
		start();
})();
