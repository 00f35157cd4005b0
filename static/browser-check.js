// qrcall's browser floor, checked before the app loads. Classic ES5 on purpose: it must run in any browser,
// including one too old to parse the app's modules, which would otherwise leave a blank page.
// The floor is the build target in vite.config.ts (Safari/iOS 16.4, Chrome/Edge 111, Firefox 114); these are
// the features of that floor the app relies on. Keep this list and the README's "Browsers" section in step.
(function () {
	'use strict';
	var missing = [];
	function need(name, ok) {
		if (!ok()) missing.push(name);
	}
	function css(property, value) {
		return !!(window.CSS && CSS.supports && CSS.supports(property, value));
	}
	need('crypto.randomUUID', function () {
		return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function';
	});
	need('AbortSignal.throwIfAborted', function () {
		return (
			typeof AbortSignal !== 'undefined' && typeof AbortSignal.prototype.throwIfAborted === 'function'
		);
	});
	need('Array.prototype.at', function () {
		return typeof Array.prototype.at === 'function';
	});
	need('CSS dvh', function () {
		return css('height', '100dvh');
	});
	need('CSS color-mix', function () {
		return css('color', 'color-mix(in srgb, red 50%, blue)');
	});
	if (missing.length === 0) return;

	// The app (src/routes/+layout.svelte) reads this and does not start: no camera request behind this message.
	document.documentElement.setAttribute('data-qrcall-unsupported', missing.join(' '));

	// Beside this file, wherever the app is served from (document.currentScript exists only while this runs).
	var textScript =
		((document.currentScript && document.currentScript.src.replace(/[^/]*$/, '')) || '/') +
		'browser-check-text.js';

	// English until the message in the device's language arrives (static/browser-check-text.js, fetched only
	// now: a browser at the floor never pays for it), and if it cannot be fetched.
	var english = {
		title: 'qrcall — this browser is too old',
		heading: 'This browser is too old for qrcall',
		floor: 'qrcall needs Safari 16.4 or newer (iPhone and iPad: iOS 16.4), Chrome or Edge 111, or Firefox 114.',
		update:
			'Update the browser (iPhone and iPad: Settings → General → Software Update) and open this page again, or open the call link on another device.',
		missing: 'Missing here: {list}.'
	};

	function element(tag, text) {
		var node = document.createElement(tag);
		if (text) node.appendChild(document.createTextNode(text));
		return node;
	}

	function show(text) {
		document.title = text.title;
		var old = document.getElementById('qrcall-unsupported');
		if (old) old.parentNode.removeChild(old);
		var main = element('main');
		main.id = 'qrcall-unsupported';
		main.appendChild(element('h1', text.heading));
		main.appendChild(element('p', text.floor));
		main.appendChild(element('p', text.update));
		// The features' names are data: kept left to right and untranslated inside any language.
		var names = element('bdi', missing.join(', '));
		names.setAttribute('dir', 'ltr');
		names.setAttribute('translate', 'no');
		var line = element('p', text.missing.split('{list}')[0]);
		line.appendChild(names);
		line.appendChild(document.createTextNode(text.missing.split('{list}')[1] || ''));
		main.appendChild(line);
		// CSSOM, not a style attribute: the Content-Security-Policy allows no inline style.
		var s = main.style;
		s.maxWidth = '32rem';
		s.margin = '0 auto';
		s.padding = '1.5rem 1rem';
		s.fontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
		s.lineHeight = '1.5';
		document.body.insertBefore(main, document.body.firstChild);
	}

	/** The message in the device's language, if browser-check-text.js arrives and picks one. */
	function translated() {
		var chosen = window.qrcallOldBrowser && window.qrcallOldBrowser.pick();
		if (!chosen || chosen.lang === 'en') return;
		document.documentElement.setAttribute('lang', chosen.lang);
		document.documentElement.setAttribute('dir', chosen.dir);
		show(chosen.text);
	}

	function start() {
		show(english);
		var script = document.createElement('script');
		script.src = textScript;
		script.onload = translated;
		document.head.appendChild(script);
	}

	document.title = english.title;
	if (document.body) start();
	else document.addEventListener('DOMContentLoaded', start);
})();
