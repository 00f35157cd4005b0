// The receiver's part-by-part check (src/lib/rtc/transfer/part-check.ts): the sender's hash of each part
// against the stored one, whichever arrives first.
import { describe, expect, it } from 'vitest';
import { PartCheck } from '../../src/lib/rtc/transfer/part-check';

const h = (n: number) => n.toString(16).padStart(64, '0');

describe('checking a file part by part', () => {
	it('is intact once every part was announced, stored and matched, in either order', () => {
		const check = new PartCheck(3);
		expect(check.stored(0, h(0))).toBe('ok');
		expect(check.sent(h(0))).toBe('ok');
		expect(check.sent(h(1))).toBe('ok');
		expect(check.sent(h(2))).toBe('ok');
		expect(check.intact).toBe(false);
		// The worker's replies may come out of order (each part's digest settles on its own).
		expect(check.stored(2, h(2))).toBe('ok');
		expect(check.intact).toBe(false);
		expect(check.stored(1, h(1))).toBe('ok');
		expect(check.intact).toBe(true);
	});

	it('says damaged at the first part that differs, from whichever side comes second', () => {
		const sentFirst = new PartCheck(2);
		expect(sentFirst.sent(h(7))).toBe('ok');
		expect(sentFirst.stored(0, h(8))).toBe('damaged');
		const storedFirst = new PartCheck(2);
		expect(storedFirst.stored(0, h(0))).toBe('ok');
		expect(storedFirst.stored(1, h(1))).toBe('ok');
		expect(storedFirst.sent(h(0))).toBe('ok');
		expect(storedFirst.sent(h(9))).toBe('damaged');
		expect(storedFirst.intact).toBe(false);
	});

	it('refuses more parts than the file has, and is not intact with parts missing', () => {
		const check = new PartCheck(1);
		expect(check.sent(h(0))).toBe('ok');
		expect(check.sent(h(1))).toBe('too-many');
		expect(check.stored(1, h(1))).toBe('too-many');
		expect(check.intact).toBe(false);
		// Before the header, a part is one too many.
		expect(new PartCheck(0).sent(h(0))).toBe('too-many');
	});

	it('takes an empty file as intact with no parts at all', () => {
		expect(new PartCheck(0).intact).toBe(true);
	});
});
