import { describe, expect, it } from 'vitest';
import { codeExpected, type Phase } from '../../src/lib/rtc/session.svelte';

const phases: Phase[] = ['idle', 'preparing', 'offering', 'joining', 'answering', 'in-call', 'ended'];

describe('what a code read is taken for', () => {
	it('a caller making or showing its code reads the answer', () => {
		expect(codeExpected('caller', 'preparing')).toBe('answer');
		expect(codeExpected('caller', 'offering')).toBe('answer');
	});

	it('a joiner reads call codes in every phase, also while its answer is being made', () => {
		for (const phase of phases) expect(codeExpected('joiner', phase), phase).toBe('offer');
	});

	it('with no call, or a caller whose call is over, a code read is a call code to join', () => {
		for (const phase of phases) expect(codeExpected(null, phase), phase).toBe('offer');
		expect(codeExpected('caller', 'ended')).toBe('offer');
		expect(codeExpected('caller', 'idle')).toBe('offer');
	});
});
