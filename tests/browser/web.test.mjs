// tolk serve's web page in a real browser: Debian's chromium, headless, driven by
// playwright-core. Run by tests/cli/serve_web.sh against a server it started:
//   TOLK_URL=http://127.0.0.1:PORT node web.test.mjs [--screenshots DIR]
// The server holds the letter's memory (tm/kamerstuk-28676-348.nl-en.tmx) and dict/termbase.tbx.
// Expected values come from those files: lastenverdeling is "burden sharing" in the term base,
// weerbaarheid is spelled so in the letter and in the Dutch dictionary.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.TOLK_URL;
if (!base) {
	console.error('TOLK_URL is not set');
	process.exit(2);
}
const shotsAt = process.argv.indexOf('--screenshots');
const shots = shotsAt > 0 ? process.argv[shotsAt + 1] : null;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
// Slow machines (and sanitizer builds of the server) need room; a real failure still ends the test.
const WAIT = Number(process.env.TOLK_BROWSER_WAIT_MS || 60000);

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
	if (ok) {
		passed++;
	} else {
		failed++;
		console.error(`FAIL: ${what}${detail === undefined ? '' : `: ${detail}`}`);
	}
}
async function step(what, fn) {
	try {
		await fn();
	} catch (e) {
		failed++;
		console.error(`FAIL: ${what}: ${e && e.message ? e.message.split('\n')[0] : e}`);
	}
}

const CSP_PARTS = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
	"frame-ancestors 'none'", "base-uri 'none'"];

// ---- headers, without a browser: every kind of answer carries the policy
await step('security headers', async () => {
	for (const [path, init] of [['/', {}], ['/app.js', {}], ['/app.css', {}], ['/api/term/lookup?q=navo', {}],
		['/no/such/page', {}], ['/api/spell', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"De NAVO."}' }]]) {
		const resp = await fetch(base + path, init);
		const csp = resp.headers.get('content-security-policy') || '';
		check(CSP_PARTS.every((p) => csp.split(';').map((s) => s.trim()).includes(p)), `CSP on ${path}`, csp || '(none)');
		check(!/unsafe-inline|unsafe-eval|\*/.test(csp), `CSP on ${path} is strict`, csp);
		check(resp.headers.get('x-frame-options') === 'DENY', `X-Frame-Options on ${path}`);
		check(resp.headers.get('referrer-policy') === 'no-referrer', `Referrer-Policy on ${path}`);
		await resp.arrayBuffer();
	}
	const page = await fetch(base + '/');
	check(page.headers.get('content-type') === 'text/html; charset=utf-8', 'Content-Type of /', page.headers.get('content-type'));
	const etag = page.headers.get('etag');
	const html = await page.text();
	check(/^"[0-9a-f]{32}"$/.test(etag || ''), 'ETag of /', etag);
	check(!/\sstyle=|<style|<script>|\son[a-z]+=/i.test(html), 'no inline style or script in the page');
	const again = await fetch(base + '/', { headers: { 'If-None-Match': etag } });
	check(again.status === 304, 'unchanged page answers 304', again.status);
	const js = await fetch(base + '/app.js');
	check(js.headers.get('content-type') === 'text/javascript; charset=utf-8', 'Content-Type of app.js');
	check(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(await js.text()), 'app.js never inserts HTML');
});

// ---- the browser
const userDir = mkdtempSync(join(tmpdir(), 'tolk-chromium-'));
let context;
try {
	context = await chromium.launchPersistentContext(userDir, {
		executablePath: chromiumPath,
		headless: true,
		locale: 'en-GB',
		viewport: { width: 1200, height: 900 },
		timeout: WAIT,
		// Offline machine: nothing of chromium's own may try to reach the network.
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
} catch (e) {
	console.error(`FAIL: chromium did not start: ${e.message.split('\n')[0]}`);
	rmSync(userDir, { recursive: true, force: true });
	process.exit(1);
}
context.setDefaultTimeout(WAIT);

const problems = []; // console errors, CSP violations, uncaught exceptions, failed requests
function watch(page) {
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warning')
			problems.push(`console ${m.type()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
	page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
	page.on('response', (r) => {
		if (r.status() >= 400)
			problems.push(`HTTP ${r.status()} for ${r.url()}`);
		if (!r.url().startsWith(base))
			problems.push(`request outside the server: ${r.url()}`);
	});
}
// Collected in the page itself, so a violation that chromium does not log is seen too.
await context.addInitScript(() => {
	window.__csp = [];
	document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
});

const page = context.pages()[0] || await context.newPage();
watch(page);

await step('English page', async () => {
	await page.goto(base + '/', { waitUntil: 'load' });
	check(await page.getAttribute('html', 'lang') === 'en', 'English by default for an English browser');
	check((await page.textContent('label[for="q"]')).includes('Word or phrase'), 'English search label');
	check(await page.getAttribute('[data-lang="en"]', 'aria-pressed') === 'true', 'English switch pressed');
});

await step('keyboard: Tab reaches the search box, Enter searches', async () => {
	let reached = false;
	for (let k = 0; k < 12 && !reached; k++) {
		await page.keyboard.press('Tab');
		reached = await page.evaluate(() => document.activeElement && document.activeElement.id === 'q');
	}
	check(reached, 'Tab reaches the search box');
	// The focus ring is visible: an outline is drawn on the focused box.
	const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
	check(outline !== 'none', 'focused search box shows a focus ring', outline);
	await page.keyboard.type('lastenverdeling');
	await page.keyboard.press('Enter');
	await page.locator('#terms .concept').first().waitFor();
	const terms = await page.textContent('#terms');
	check(terms.includes('burden sharing'), 'lastenverdeling shows burden sharing', terms.slice(0, 200));
	check(terms.includes('preferred'), 'term status shown');
	check(terms.includes('Definition'), 'definition shown');
	const live = await page.getAttribute('#search-status', 'aria-live');
	check(live === 'polite', 'results announced (aria-live)');
	await page.locator('#conc .hit').first().waitFor();
	// Spans come as UTF-8 byte offsets: the marked words must be exactly the word searched for.
	const marks = await page.$$eval('#conc mark.hit', (ms) => ms.map((m) => m.textContent.toLowerCase()));
	check(marks.length > 0 && marks.every((m) => m.startsWith('lastenverdeling')), 'concordance marks the word', JSON.stringify(marks.slice(0, 5)));
});

await step('memory matches with their differences marked', async () => {
	// The letter has "De Ministers spraken over alle drie de aspecten ...": one word differs in case.
	const q = 'De ministers spraken over alle drie de aspecten van lastenverdeling (cash, capabilities en contributions).';
	await page.fill('#q', q);
	await page.press('#q', 'Enter');
	await page.locator('#tm .match').first().waitFor();
	const first = page.locator('#tm .match').first();
	const ins = await first.locator('ins').allTextContents();
	const del = await first.locator('del').allTextContents();
	check(ins.join(' ').includes('ministers'), 'insertion marked', JSON.stringify(ins));
	check(del.join(' ').includes('Ministers'), 'deletion marked', JSON.stringify(del));
	check((await first.textContent()).includes('burden sharing'), 'the match shows its translation');
	if (shots) {
		await page.fill('#q', 'lastenverdeling');
		await page.press('#q', 'Enter');
		await page.locator('#terms .concept').first().waitFor();
		await page.locator('#conc .hit').first().waitFor();
		await page.screenshot({ path: join(shots, 'web-search.png'), fullPage: false });
	}
});

await step('near miss: a suggestion with its English', async () => {
	await page.fill('#q', 'lastenverdling');
	await page.press('#q', 'Enter');
	await page.locator('#terms .suggestion').first().waitFor();
	const s = await page.textContent('#terms .suggestion');
	check(s.includes('lastenverdeling') && s.includes('burden sharing'), 'near miss shows lastenverdeling → burden sharing', s);
});

await step('check a text: misspelling with suggestion, terms marked', async () => {
	// Arrow keys move between the tabs.
	await page.focus('#tab-search');
	await page.keyboard.press('ArrowRight');
	check(await page.evaluate(() => document.activeElement.id) === 'tab-check', 'ArrowRight moves to the second tab');
	check(await page.isVisible('#text'), 'the check view is shown');
	check(await page.isHidden('#q'), 'the search view is hidden');
	// "café" before the words: two bytes in UTF-8, one character in JavaScript.
	const text = 'In het café bespraken de ministers de lastenverdeling en de weerbaarheit van de NAVO.';
	await page.fill('#text', text);
	await page.press('#text', 'Control+Enter');
	await page.locator('#findings .finding').first().waitFor();
	const f = await page.textContent('#findings');
	check(f.includes('weerbaarheit'), 'the finding is listed', f);
	const sugg = await page.$$eval('#findings .finding', (lis) => lis.filter((li) => li.querySelector('.word').textContent === 'weerbaarheit')
		.map((li) => [...li.querySelectorAll('.suggestion-word')].map((s) => s.textContent)));
	check(sugg.length === 1 && sugg[0].includes('weerbaarheid'), 'weerbaarheid suggested', JSON.stringify(sugg));
	const spell = await page.$$eval('#marked mark.spell', (ms) => ms.map((m) => m.textContent));
	check(JSON.stringify(spell) === JSON.stringify(['weerbaarheit']), 'misspelling marked at the right place', JSON.stringify(spell));
	const terms = await page.$$eval('#marked mark.term', (ms) => ms.map((m) => m.textContent));
	check(terms.includes('lastenverdeling') && terms.includes('NAVO'), 'terms marked at the right place', JSON.stringify(terms));
	await page.locator('#found .found', { hasText: 'burden sharing' }).first().waitFor();
	check((await page.textContent('#found')).includes('burden sharing'), 'recognized term shows its English');
	check(await page.evaluate(() => window.location.hash) === '#check', 'the view is in the address (#check)');
	if (shots)
		await page.screenshot({ path: join(shots, 'web-check.png'), fullPage: false });
});

await step('switch to Dutch, kept after a reload', async () => {
	await page.click('[data-lang="nl"]');
	check(await page.getAttribute('html', 'lang') === 'nl', 'html lang is nl');
	check((await page.textContent('#tab-check')) === 'Tekst controleren', 'Dutch tab name');
	check((await page.textContent('#h-findings')) === 'Mogelijke spelfouten', 'Dutch heading');
	check((await page.textContent('#check-status')).includes('mogelijke spelfout'), 'results re-rendered in Dutch');
	check(await page.getAttribute('[data-lang="nl"]', 'aria-pressed') === 'true', 'Dutch switch pressed');
	await page.reload({ waitUntil: 'load' });
	check(await page.getAttribute('html', 'lang') === 'nl', 'Dutch kept after a reload (localStorage)');
	check((await page.textContent('label[for="q"]')).startsWith('Woord of zinsdeel'), 'Dutch label after reload');
	await page.click('[data-lang="en"]');
});

await step('a Dutch browser gets the Dutch page', async () => {
	const p2 = await context.newPage();
	watch(p2);
	await p2.goto(base + '/', { waitUntil: 'load' });
	await p2.evaluate(() => window.localStorage.removeItem('tolk.lang'));
	await p2.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['nl-NL', 'en'] }));
	await p2.reload({ waitUntil: 'load' });
	check(await p2.getAttribute('html', 'lang') === 'nl', 'navigator.languages nl-NL gives Dutch');
	await p2.close();
});

await step('no CSP violations, console errors or failed requests', async () => {
	const csp = await page.evaluate(() => window.__csp);
	check(csp.length === 0, 'no CSP violations', JSON.stringify(csp));
	check(problems.length === 0, 'no console errors or failed requests', problems.join(' | '));
});

await context.close();
rmSync(userDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
