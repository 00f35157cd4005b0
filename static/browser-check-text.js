// The too-old-browser message of static/browser-check.js in every language of the app, and the choice of
// language, fetched only when the check fails: a browser at the floor never loads it. Classic ES5, like the
// check. `{list}` stands for the missing features' names, which stay as they are. A new language adds a row
// here (docs/i18n.md); tests/unit/browser-check.test.ts fails on a language or a text missing.
(function () {
	'use strict';
	var table = {
		en: {
			title: 'qrcall — this browser is too old',
			heading: 'This browser is too old for qrcall',
			floor: 'qrcall needs Safari 16.4 or newer (iPhone and iPad: iOS 16.4), Chrome or Edge 111, or Firefox 114.',
			update:
				'Update the browser (iPhone and iPad: Settings → General → Software Update) and open this page again, or open the call link on another device.',
			missing: 'Missing here: {list}.'
		},
		es: {
			title: 'qrcall — este navegador es demasiado antiguo',
			heading: 'Este navegador es demasiado antiguo para qrcall',
			floor: 'qrcall necesita Safari 16.4 o posterior (iPhone y iPad: iOS 16.4), Chrome o Edge 111, o Firefox 114.',
			update:
				'Actualiza el navegador (iPhone y iPad: Ajustes → General → Actualización de software) y vuelve a abrir esta página, o abre el enlace de la llamada en otro dispositivo.',
			missing: 'Falta aquí: {list}.'
		},
		de: {
			title: 'qrcall – dieser Browser ist zu alt',
			heading: 'Dieser Browser ist zu alt für qrcall',
			floor: 'qrcall braucht Safari 16.4 oder neuer (iPhone und iPad: iOS 16.4), Chrome oder Edge 111 oder Firefox 114.',
			update:
				'Aktualisiere den Browser (iPhone und iPad: Einstellungen → Allgemein → Softwareupdate) und öffne diese Seite erneut, oder öffne den Anruflink auf einem anderen Gerät.',
			missing: 'Hier fehlt: {list}.'
		},
		fr: {
			title: 'qrcall — ce navigateur est trop ancien',
			heading: 'Ce navigateur est trop ancien pour qrcall',
			floor: 'qrcall nécessite Safari 16.4 ou plus récent (iPhone et iPad : iOS 16.4), Chrome ou Edge 111, ou Firefox 114.',
			update:
				'Mettez à jour le navigateur (iPhone et iPad : Réglages → Général → Mise à jour logicielle) puis rouvrez cette page, ou ouvrez le lien de l’appel sur un autre appareil.',
			missing: 'Manquant ici : {list}.'
		},
		'pt-BR': {
			title: 'qrcall — este navegador é antigo demais',
			heading: 'Este navegador é antigo demais para o qrcall',
			floor: 'O qrcall precisa do Safari 16.4 ou mais recente (iPhone e iPad: iOS 16.4), Chrome ou Edge 111, ou Firefox 114.',
			update:
				'Atualize o navegador (iPhone e iPad: Ajustes → Geral → Atualização de Software) e abra esta página de novo, ou abra o link da chamada em outro dispositivo.',
			missing: 'Falta aqui: {list}.'
		},
		ru: {
			title: 'qrcall — этот браузер слишком старый',
			heading: 'Этот браузер слишком старый для qrcall',
			floor: 'Для qrcall нужен Safari 16.4 или новее (iPhone и iPad: iOS 16.4), Chrome или Edge 111 либо Firefox 114.',
			update:
				'Обновите браузер (iPhone и iPad: Настройки → Основные → Обновление ПО) и откройте эту страницу снова — или откройте ссылку на звонок на другом устройстве.',
			missing: 'Здесь нет: {list}.'
		},
		ar: {
			title: 'qrcall — هذا المتصفح قديم جدًا',
			heading: 'هذا المتصفح أقدم من أن يشغّل qrcall',
			floor: 'يحتاج qrcall إلى Safari 16.4 أو أحدث (iPhone وiPad: iOS 16.4)، أو Chrome أو Edge 111، أو Firefox 114.',
			update:
				'حدّث المتصفح (iPhone وiPad: الإعدادات ← عام ← تحديث البرنامج) ثم افتح هذه الصفحة مرة أخرى، أو افتح رابط المكالمة على جهاز آخر.',
			missing: 'غير متوفر هنا: {list}.'
		},
		'zh-CN': {
			title: 'qrcall — 此浏览器版本过旧',
			heading: '此浏览器版本过旧，无法使用 qrcall',
			floor: 'qrcall 需要 Safari 16.4 或更高版本（iPhone 和 iPad：iOS 16.4）、Chrome 或 Edge 111，或 Firefox 114。',
			update: '请更新浏览器（iPhone 和 iPad：设置 → 通用 → 软件更新）后重新打开此页面，或在其他设备上打开通话链接。',
			missing: '此处缺少：{list}。'
		}

	};

	/** The language the app would pick (src/lib/i18n/locale.svelte.ts): stored choice, device, English. */
	function language(table) {
		var preferred = [];
		try {
			var stored = localStorage.getItem('qrcall.language');
			if (stored) preferred.push(stored);
			// eslint-disable-next-line @typescript-eslint/no-unused-vars -- ES5 has no catch without a binding
		} catch (e) {
			// Storage forbidden: the device's languages still count.
		}
		preferred = preferred.concat(navigator.languages || [navigator.language || 'en']);
		for (var i = 0; i < preferred.length; i++) {
			var tag = String(preferred[i]).toLowerCase();
			var parts = tag.split('-');
			// Traditional Chinese readers are not served by Simplified: on to the next preference.
			if (parts[0] === 'zh' && /-(hant|tw|hk|mo)(-|$)/.test(tag)) continue;
			var same = null;
			for (var key in table) {
				if (key.toLowerCase() === tag) return key;
				if (!same && key.split('-')[0].toLowerCase() === parts[0]) same = key;
			}
			if (same) return same;
		}
		return 'en';
	}

	window.qrcallOldBrowser = {
		table: table,
		pick: function () {
			var lang = language(table);
			return { lang: lang, dir: lang.split('-')[0] === 'ar' ? 'rtl' : 'ltr', text: table[lang] };
		}
	};
})();
