/**
 * Wearable failures in plain language (Bluetooth, and the phone's own motion sensors). Someone lying on the floor in pain needs to know, in one
 * sentence, what happened and what to do next; never a DOMException name.
 */

export type BleProblem =
	| 'unsupported'
	| 'bluetooth-off'
	| 'permission-denied'
	| 'cancelled'
	| 'busy'
	| 'wrong-device'
	| 'out-of-reach'
	| 'unknown'
	/** The phone: no motion sensor here (a computer), or motion access refused. */
	| 'no-motion-sensor'
	| 'motion-denied';

export interface FriendlyError {
	code: BleProblem;
	/** Short headline, e.g. "Bluetooth is off". */
	title: string;
	/** What happened and what to do, one or two calm sentences. */
	message: string;
	/** Label for the button that moves on, e.g. "Try again". */
	action: string;
	/** The original error, for the log; never shown as the main text. */
	detail?: string;
}

/** An error the device layer raises itself, already classified. */
export class WearableError extends Error {
	constructor(
		readonly code: BleProblem,
		message: string
	) {
		super(message);
		this.name = 'WearableError';
	}
}

const TEXT: Record<BleProblem, Omit<FriendlyError, 'code' | 'detail'>> = {
	unsupported: {
		title: 'This browser cannot reach Bluetooth',
		message:
			'Wearables work in Chrome, Edge and Opera on a computer or Android phone, and in the Bluefy browser on iPhone and iPad. You can use the simulated wearable here instead.',
		action: 'Use the simulated wearable'
	},
	'bluetooth-off': {
		title: 'Bluetooth is off',
		message: 'Turn Bluetooth on in your phone or computer settings, then try again.',
		action: 'Try again'
	},
	'permission-denied': {
		title: 'Bluetooth is not allowed for Tidal',
		message:
			'The browser blocked Bluetooth for this page. Tap the lock or settings icon next to the address, allow Bluetooth (and Nearby devices on Android), then try again.',
		action: 'Try again'
	},
	cancelled: {
		title: 'No wearable chosen',
		message: 'That is fine. When you are ready, tap the button again and choose your wearable from the list.',
		action: 'Choose again'
	},
	busy: {
		title: 'The wearable did not answer',
		message:
			'It may be connected to another app or phone. Close that app or turn its Bluetooth off, make sure the wearable is on and close by, then try again.',
		action: 'Try again'
	},
	'wrong-device': {
		title: 'That is a different kind of device',
		message:
			'The device you picked does not offer what this button needs. Try again and pick the wearable from the list, or use another button.',
		action: 'Choose again'
	},
	'out-of-reach': {
		title: 'Wearable out of reach',
		message:
			'Move the phone closer to the wearable and check that it is switched on and worn. Tidal keeps everything recorded so far.',
		action: 'Try again'
	},
	'no-motion-sensor': {
		title: 'No motion sensor here',
		message:
			'This device does not report motion, so it cannot follow your breathing (computers usually cannot). Open Tidal on your phone instead, or use a wearable.',
		action: 'Try the simulated phone'
	},
	'motion-denied': {
		title: 'Motion is not allowed for Tidal',
		message:
			'The browser blocked the motion sensors for this page. Allow "Motion & Orientation" (Safari: the aA or settings icon next to the address; Chrome: the lock icon, then Motion sensors), then try again.',
		action: 'Try again'
	},
	unknown: {
		title: 'Something went wrong with Bluetooth',
		message:
			'Switch the wearable off and on again, keep it close, then try again. Nothing recorded so far is lost.',
		action: 'Try again'
	}
};

export function friendlyError(code: BleProblem, detail?: string): FriendlyError {
	return { code, ...TEXT[code], ...(detail ? { detail } : {}) };
}

/** Which problem an error from navigator.bluetooth / GATT calls stands for. */
export function classifyBluetoothError(err: unknown): BleProblem {
	if (err instanceof WearableError) return err.code;
	const name =
		typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : '';
	const message =
		typeof err === 'object' && err !== null && 'message' in err
			? String((err as { message: unknown }).message)
			: String(err ?? '');
	const m = message.toLowerCase();

	if (
		m.includes('web bluetooth api is not available') ||
		m.includes('navigator.bluetooth') ||
		m.includes('not implemented')
	)
		return 'unsupported';
	if (
		m.includes('adapter not available') ||
		m.includes('bluetooth adapter is off') ||
		m.includes('adapter is not present') ||
		m.includes('bluetooth is off')
	) {
		return 'bluetooth-off';
	}
	if (name === 'NotFoundError' && m.includes('cancelled')) return 'cancelled';
	if (
		name === 'NotFoundError' &&
		(m.includes('no services') || m.includes('no characteristics') || m.includes('service'))
	)
		return 'wrong-device';
	if (name === 'SecurityError' || name === 'NotAllowedError') return 'permission-denied';
	if (m.includes('permission') || m.includes('blocked') || m.includes('globally disabled'))
		return 'permission-denied';
	if (name === 'NetworkError') return 'busy';
	if (
		m.includes('connection attempt failed') ||
		m.includes('unknown error when connecting') ||
		m.includes('gatt server is disconnected')
	)
		return 'busy';
	if (name === 'NotSupportedError' && m.includes('gatt')) return 'wrong-device';
	if (name === 'TimeoutError') return 'busy';
	return 'unknown';
}

/** The plain-language message for any thrown value. */
export function explainBluetoothError(err: unknown): FriendlyError {
	const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
	return friendlyError(classifyBluetoothError(err), detail);
}
