import { describe, expect, it } from 'vitest';
import {
	classifyBluetoothError,
	explainBluetoothError,
	friendlyError,
	WearableError,
	type BleProblem
} from './errors';

const dom = (name: string, message: string): Error => new DOMException(message, name);

describe('classifyBluetoothError', () => {
	const cases: [string, unknown, BleProblem][] = [
		['adapter off (Chrome)', dom('NotFoundError', 'Bluetooth adapter not available.'), 'bluetooth-off'],
		[
			'permission blocked',
			dom('NotAllowedError', 'Bluetooth permission has been blocked.'),
			'permission-denied'
		],
		[
			'security error (no gesture / policy)',
			dom('SecurityError', 'Origin is not allowed to access any service.'),
			'permission-denied'
		],
		['chooser cancelled', dom('NotFoundError', 'User cancelled the requestDevice() chooser.'), 'cancelled'],
		['busy: HCI 0x3e', dom('NetworkError', 'Unknown error when connecting to the device.'), 'busy'],
		['busy: connection failed', dom('NetworkError', 'Connection Error: Connection attempt failed.'), 'busy'],
		[
			'wrong device: service missing',
			dom('NotFoundError', 'No Services matching UUID 0000180d-0000-1000-8000-00805f9b34fb found in Device.'),
			'wrong-device'
		],
		['unsupported browser', new WearableError('unsupported', 'no navigator.bluetooth'), 'unsupported'],
		[
			'unsupported: TypeError',
			new TypeError("Cannot read properties of undefined (reading 'requestDevice') navigator.bluetooth"),
			'unsupported'
		],
		['own wrong-device', new WearableError('wrong-device', 'no heart-rate service'), 'wrong-device'],
		['anything else', new Error('boom'), 'unknown']
	];
	for (const [label, err, code] of cases) {
		it(label, () => expect(classifyBluetoothError(err)).toBe(code));
	}
});

describe('explainBluetoothError', () => {
	it('gives each problem its own headline, message and way forward', () => {
		const codes: BleProblem[] = [
			'unsupported',
			'bluetooth-off',
			'permission-denied',
			'cancelled',
			'busy',
			'wrong-device',
			'out-of-reach',
			'unknown',
			'no-motion-sensor',
			'motion-denied'
		];
		const all = codes.map((c) => friendlyError(c));
		expect(new Set(all.map((e) => e.title)).size).toBe(codes.length);
		expect(new Set(all.map((e) => e.message)).size).toBe(codes.length);
		for (const e of all) {
			expect(e.action.length).toBeGreaterThan(0);
			// Plain language: no exception names in what the person reads.
			expect(e.title + e.message).not.toMatch(/Error|GATT|DOMException/);
		}
	});

	it('names the browsers that work when Bluetooth is unsupported', () => {
		const e = friendlyError('unsupported');
		for (const browser of ['Chrome', 'Edge', 'Opera', 'Android', 'Bluefy'])
			expect(e.message).toContain(browser);
	});

	it('keeps the raw error as detail only', () => {
		const e = explainBluetoothError(new DOMException('Bluetooth adapter not available.', 'NotFoundError'));
		expect(e.code).toBe('bluetooth-off');
		expect(e.title).toBe('Bluetooth is off');
		expect(e.detail).toBe('NotFoundError: Bluetooth adapter not available.');
	});
});
