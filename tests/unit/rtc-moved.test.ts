// "Both devices changed networks" (rtc/moved.ts) is told from the checks the moved side's restart makes from
// its new address: a side that stayed answers them, a side that moved too answers none. Counts as the netns
// lab's traces showed them (tests/e2e/netns-move.spec.ts runs the real browsers).
import { describe, expect, it } from 'vitest';
import {
	answerWindowMs,
	checksSinceMove,
	movedVerdict,
	strandedAfterMs,
	unansweredChecks,
	type PairChecks
} from '../../src/lib/rtc/moved';

const used = '10.77.0.1';
const pairs = (entries: [string, PairChecks][]) => new Map(entries);
/** Before the move: the call's own pair, checked and answered for a while. */
const before = pairs([['old', { local: used, sent: 7, answered: 5 }]]);

describe('checks from the new address (checksSinceMove)', () => {
	it('counts only pairs from another local address, and only what they did since the move', () => {
		const now = pairs([
			['old', { local: used, sent: 12, answered: 5 }],
			['new', { local: '10.77.0.11', sent: 3, answered: 3 }]
		]);
		expect(checksSinceMove(before, now, used)).toEqual({ sent: 3, answered: 3 });
	});

	it('does not count what a second network had checked before the move', () => {
		const earlier = pairs([...before, ['lte', { local: '100.64.0.9', sent: 20, answered: 0 }]]);
		const now = pairs([
			['old', { local: used, sent: 9, answered: 5 }],
			['lte', { local: '100.64.0.9', sent: 22, answered: 0 }],
			['new', { local: '10.77.0.11', sent: 4, answered: 0 }]
		]);
		expect(checksSinceMove(earlier, now, used)).toEqual({ sent: 6, answered: 0 });
	});

	it('leaves out pairs whose local address the browser withholds', () => {
		const now = pairs([['mdns', { local: null, sent: 9, answered: 9 }]]);
		expect(checksSinceMove(before, now, used)).toEqual({ sent: 0, answered: 0 });
	});
});

describe('what the checks say (movedVerdict)', () => {
	it('an answer means the other side stayed: the restart brings the call back', () => {
		expect(movedVerdict({ sent: 1, answered: 1 }, 0, 100)).toBe('answered');
		// Even late, and even after many unanswered checks to another of its addresses.
		expect(movedVerdict({ sent: 30, answered: 1 }, 10_000, 10_000)).toBe('answered');
	});

	it('enough unanswered checks over the window mean the other side moved too', () => {
		expect(movedVerdict({ sent: unansweredChecks, answered: 0 }, answerWindowMs, 1_800)).toBe('stranded');
	});

	it('waits for both the count and the window: a busy device may answer late', () => {
		expect(movedVerdict({ sent: unansweredChecks - 1, answered: 0 }, 3_000, 3_000)).toBe('open');
		expect(movedVerdict({ sent: 20, answered: 0 }, answerWindowMs - 1, 1_800)).toBe('open');
		expect(movedVerdict({ sent: 0, answered: 0 }, 0, strandedAfterMs - 1)).toBe('open');
	});

	it('with no check at all from the new address, the move alone decides after strandedAfterMs', () => {
		expect(movedVerdict({ sent: 0, answered: 0 }, 0, strandedAfterMs)).toBe('stranded');
	});
});
