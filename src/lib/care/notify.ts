/**
 * Notifications for care timers, where the person allows them. Through the service worker when
 * there is one (the only way on Android), else the page's own Notification. Never throws: a
 * refused or missing notification leaves the on-screen alert, which is always shown.
 */

export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export function notifyPermission(): NotifyPermission {
	return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askNotifyPermission(): Promise<NotifyPermission> {
	if (typeof Notification === 'undefined') return 'unsupported';
	try {
		return await Notification.requestPermission();
	} catch {
		return Notification.permission;
	}
}

export async function notify(title: string, body: string, tag: string): Promise<boolean> {
	if (notifyPermission() !== 'granted') return false;
	const options: NotificationOptions = { body, tag, icon: '/icons/icon-192.png' };
	try {
		const reg = await navigator.serviceWorker?.getRegistration();
		if (reg) {
			await reg.showNotification(title, options);
			return true;
		}
		new Notification(title, options);
		return true;
	} catch {
		return false;
	}
}
