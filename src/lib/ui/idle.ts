// Work kept off the start-up path: run once the page has loaded and the main thread is idle (or after
// `timeoutMs` at most, as a playing camera preview leaves few idle moments). Returns a cancel function.
export function afterLoadWhenIdle(run: () => void, timeoutMs: number): () => void {
	let cancel = () => {};
	const schedule = () => {
		if ('requestIdleCallback' in window) {
			const id = requestIdleCallback(run, { timeout: timeoutMs });
			cancel = () => cancelIdleCallback(id);
		} else {
			const id = setTimeout(run, Math.min(200, timeoutMs));
			cancel = () => clearTimeout(id);
		}
	};
	if (document.readyState === 'complete') schedule();
	else window.addEventListener('load', schedule, { once: true });
	return () => {
		window.removeEventListener('load', schedule);
		cancel();
	};
}
