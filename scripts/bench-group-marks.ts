// bench:group's per-hop view of a join (MARKS=1): where the time between the adder's "answer applied" and the
// newcomer's first frame from each member goes. Reads the qrcall:join-* marks of every page
// (src/lib/rtc/group/marks.ts) and the first frame of each tile, on the pages' shared wall clock.
import type { Page } from '@playwright/test';
import { median } from './bench-stats';

export interface Mark {
	/** The page's person: A (the adder), B, C, … in the order they joined. */
	who: string;
	name: string;
	t: number;
	detail: Record<string, string>;
}

/**
 * The page's marks and first frames since `since` (wall clock). A string: tsx names inner functions with a
 * helper (__name) that does not exist in the page.
 */
const readMarks = (since: number) => `(() => {
	const marks = performance.getEntriesByType('mark')
		.filter((e) => e.name.startsWith('qrcall:'))
		.map((e) => ({ name: e.name.slice(7), t: performance.timeOrigin + e.startTime, detail: e.detail ?? {} }));
	const frames = (window.__firstFrames ?? []).map((f) => ({ name: 'first-frame', t: f.t, detail: { id: f.id } }));
	return [...marks, ...frames].filter((m) => m.t >= ${since - 20});
})()`;

export async function pageMarks(page: Page, who: string, since: number): Promise<Mark[]> {
	const marks = (await page.evaluate(readMarks(since))) as Omit<Mark, 'who'>[];
	return marks.map((mark) => ({ ...mark, who }));
}

/** Each person's member id, from the `me` of its own marks. */
function idsOf(marks: Mark[]): Map<string, string> {
	const ids = new Map<string, string>();
	for (const mark of marks) if (mark.detail.me) ids.set(mark.who, mark.detail.me);
	return ids;
}

interface Ids {
	adder: string;
	newcomer: string;
	other: string;
	offerer: string;
	answerer: string;
	/** The newcomer's page (its tiles' first frames). */
	newcomerPage: string;
}
type Step = [label: string, find: (m: Mark, ids: Ids) => boolean];

const at = (m: Mark, name: string, who: string) => m.name === name && m.detail.me === who;
/** The steps of the introduction of the newcomer to one other member, in the order they should happen. */
const steps: Step[] = [
	['adder: newcomer hello', (m, i) => at(m, 'join-hello', i.adder) && m.detail.from === i.newcomer],
	['adder: newcomer entry', (m, i) => at(m, 'join-learned', i.adder) && m.detail.id === i.newcomer],
	['offerer: learns answerer', (m, i) => at(m, 'join-learned', i.offerer) && m.detail.id === i.answerer],
	['offer start', (m, i) => at(m, 'join-offer-start', i.offerer) && m.detail.to === i.answerer],
	['offer sent', (m, i) => at(m, 'join-offer-sent', i.offerer) && m.detail.to === i.answerer],
	// The first relay the adder passes on from one end to the other is the description: candidates wait for it.
	// An offer made ahead (protocol 8) is handed over instead; steps 3–5 then happened before the answer.
	[
		'adder: offer forwarded/handed',
		(m, i) =>
			(at(m, 'join-forwarded', i.adder) || at(m, 'join-handed', i.adder)) &&
			m.detail.from === i.offerer &&
			m.detail.to === i.answerer
	],
	[
		'offer received',
		(m, i) => at(m, 'join-received', i.answerer) && m.detail.from === i.offerer && m.detail.type === 'offer'
	],
	['answer sent', (m, i) => at(m, 'join-answer-sent', i.answerer) && m.detail.to === i.offerer],
	[
		'adder: answer forwarded',
		(m, i) => at(m, 'join-forwarded', i.adder) && m.detail.from === i.answerer && m.detail.to === i.offerer
	],
	['answer applied', (m, i) => at(m, 'join-answer-applied', i.offerer) && m.detail.from === i.answerer],
	['newcomer: connected', (m, i) => at(m, 'join-connected', i.newcomer) && m.detail.id === i.other],
	// Its tiles (and their <video>s) exist from here: a frame decoded before cannot be shown before.
	['newcomer: call screen', (m, i) => m.name === 'in-call' && m.who === i.newcomerPage],
	[
		'newcomer: first frame',
		(m, i) => m.name === 'first-frame' && m.detail.id === i.other && m.who === i.newcomerPage
	]
];

/**
 * For each member the newcomer was introduced to: the ms from `applied` to each step (null: not seen).
 * The first frame is the newcomer's own (the tiles of its page).
 */
export function introductionSteps(
	marks: Mark[],
	applied: number,
	newcomerWho: string
): { other: string; offsets: (number | null)[] }[] {
	const ids = idsOf(marks);
	const adder = ids.get('A') ?? '';
	const newcomer = ids.get(newcomerWho) ?? '';
	const result: { other: string; offsets: (number | null)[] }[] = [];
	for (const [who, other] of ids) {
		if (who === 'A' || who === newcomerWho) continue;
		const ahead = marks.some(
			(m) => at(m, 'join-handed', adder) && m.detail.from === other && m.detail.to === newcomer
		);
		const [offerer, answerer] = ahead || other < newcomer ? [other, newcomer] : [newcomer, other];
		const idsNow: Ids = { adder, newcomer, other, offerer, answerer, newcomerPage: newcomerWho };
		const offsets = steps.map(([, find]) => {
			const hit = marks.filter((m) => find(m, idsNow)).sort((a, b) => a.t - b.t)[0];
			return hit ? Math.round(hit.t - applied) : null;
		});
		const how = ahead ? ' (made ahead)' : offerer === newcomer ? ' (newcomer offers)' : '';
		result.push({ other: `${who}${how}`, offsets });
	}
	return result;
}

const cell = (value: number | null) => (value === null ? '   —' : String(value).padStart(5));

/** One run's steps, one line per member introduced to the newcomer. */
export function printSteps(rows: ReturnType<typeof introductionSteps>): void {
	for (const row of rows) console.log(`    ${row.other.padEnd(20)} ${row.offsets.map(cell).join(' ')}`);
}

/** The step labels, as the header of printSteps's columns. */
export function printStepHeader(): void {
	console.log(`    ${'member'.padEnd(20)} ${steps.map((_, i) => `${i + 1}`.padStart(5)).join(' ')}`);
	steps.forEach(([label], i) => console.log(`      ${i + 1}: ${label}`));
}

/** The median of each step over the runs, for the member whose frame came last in each run. */
export function printStepMedians(lastRows: { offsets: (number | null)[] }[]): void {
	const medians = steps.map((_, i) => {
		const values = lastRows.map((row) => row.offsets[i]).filter((v): v is number => v !== null);
		return values.length > 0 ? Math.round(median(values)) : null;
	});
	console.log(`    ${'median (last member)'.padEnd(20)} ${medians.map(cell).join(' ')}`);
}
