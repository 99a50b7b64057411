/**
 * Fake BLE peripherals for Web Bluetooth tests, over the CDP BluetoothEmulation domain (Chromium
 * only). Ported from shared/docs/examples/ble-emulation/ble-emulator.mjs; see
 * shared/docs/browser-bluetooth-testing.md for why each step is needed.
 *
 *   const ble = await BleEmulator.attach(browser);     // browser-level CDP session
 *   await ble.installPageHook(page);                   // before page.goto()
 *   await ble.addPeripheral({ address, name, services });
 *   await ble.notify(page, address, charUuid, bytes);  // app sees characteristicvaluechanged
 *   await ble.disconnect(address);                     // app sees gattserverdisconnected
 */
import type { Browser, CDPSession, Page } from 'puppeteer-core';

export const CCCD = '00002902-0000-1000-8000-00805f9b34fb';
export const uuid16 = (n: number): string =>
	`0000${n.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb`;

const b64 = (bytes: ArrayLike<number>): string => Buffer.from(Uint8Array.from(bytes)).toString('base64');

export interface CharacteristicSpec {
	uuid: string;
	properties: {
		read?: boolean;
		write?: boolean;
		writeWithoutResponse?: boolean;
		notify?: boolean;
		indicate?: boolean;
	};
	value?: number[];
}
export interface ServiceSpec {
	uuid: string;
	characteristics: CharacteristicSpec[];
}
export interface PeripheralSpec {
	address: string;
	name: string;
	services: ServiceSpec[];
}
export interface WriteRecord {
	address: string;
	uuid: string;
	bytes: number[];
	writeType?: string;
}

interface CharState {
	uuid: string;
	value: number[];
	queue: number[][];
	id?: string;
}
interface Device extends PeripheralSpec {
	built: boolean;
	charsById: Map<string, CharState>;
	charsByUuid: Map<string, CharState>;
	connectCodes: number[];
	connections: number;
}

export class BleEmulator {
	readonly writes: WriteRecord[] = [];
	readonly errors: unknown[] = [];
	/** Called after each write has been answered (e.g. to send the device's reply). */
	onWrite: ((w: WriteRecord) => void) | null = null;
	private readonly devices = new Map<string, Device>();

	static async attach(browser: Browser): Promise<BleEmulator> {
		const cdp = await browser.target().createCDPSession();
		const ble = new BleEmulator(cdp);
		await cdp.send('BluetoothEmulation.enable', { state: 'powered-on', leSupported: true });
		return ble;
	}

	private constructor(private readonly cdp: CDPSession) {
		cdp.on('BluetoothEmulation.gattOperationReceived', (e) => void this.onGatt(e).catch(this.fail));
		cdp.on('BluetoothEmulation.characteristicOperationReceived', (e) => void this.onChar(e).catch(this.fail));
		cdp.on('BluetoothEmulation.descriptorOperationReceived', (e) => void this.onDesc(e).catch(this.fail));
	}

	private fail = (err: unknown): void => {
		this.errors.push(err);
		console.error('BleEmulator handler error:', err);
	};

	async addPeripheral(spec: PeripheralSpec): Promise<void> {
		if (spec.address !== spec.address.toUpperCase())
			throw new Error(`use an upper-case address: ${spec.address}`);
		const dev: Device = {
			...spec,
			built: false,
			charsById: new Map(),
			charsByUuid: new Map(),
			connectCodes: [],
			connections: 0
		};
		this.devices.set(spec.address, dev);
		await this.cdp.send('BluetoothEmulation.simulatePreconnectedPeripheral', {
			address: spec.address,
			name: spec.name,
			manufacturerData: [],
			knownServiceUuids: spec.services.map((s) => s.uuid)
		});
		await this.buildGatt(dev);
	}

	/** Services vanish on every simulated disconnection; rebuilt before the next connection. */
	private async buildGatt(dev: Device): Promise<void> {
		dev.charsById.clear();
		for (const svc of dev.services) {
			const { serviceId } = await this.cdp.send('BluetoothEmulation.addService', {
				address: dev.address,
				serviceUuid: svc.uuid
			});
			for (const ch of svc.characteristics) {
				const { characteristicId } = await this.cdp.send('BluetoothEmulation.addCharacteristic', {
					serviceId,
					characteristicUuid: ch.uuid,
					properties: ch.properties
				});
				if (ch.properties.notify || ch.properties.indicate) {
					await this.cdp.send('BluetoothEmulation.addDescriptor', { characteristicId, descriptorUuid: CCCD });
				}
				const state = dev.charsByUuid.get(ch.uuid) ?? { uuid: ch.uuid, value: ch.value ?? [], queue: [] };
				state.id = characteristicId;
				dev.charsByUuid.set(ch.uuid, state);
				dev.charsById.set(characteristicId, state);
			}
		}
		dev.built = true;
	}

	setValue(address: string, uuid: string, bytes: number[]): void {
		this.char(address, uuid).value = [...bytes];
	}

	/** Answer the next connection attempts with HCI error codes (e.g. 0x3e), then succeed. */
	failNextConnections(address: string, codes: number[]): void {
		this.device(address).connectCodes.push(...codes);
	}

	/** Successful connections so far. */
	connections(address: string): number {
		return this.device(address).connections;
	}

	async disconnect(address: string): Promise<void> {
		const dev = this.device(address);
		dev.built = false;
		await this.cdp.send('BluetoothEmulation.simulateGATTDisconnection', { address });
	}

	/** Deliver bytes to the page's characteristicvaluechanged listener (read-answer trick). */
	async notify(
		page: Page,
		address: string,
		uuid: string,
		bytes: ArrayLike<number>,
		timeout = 5000
	): Promise<void> {
		const dev = this.device(address);
		const state = this.char(address, uuid);
		const key = `${dev.name}|${uuid}`;
		await page.waitForFunction(
			(k: string) =>
				(window as unknown as { __bleSubscribed?: Map<string, unknown> }).__bleSubscribed?.has(k),
			{ timeout },
			key
		);
		state.queue.push(Array.from(bytes));
		await page.evaluate(
			(k: string) =>
				(
					window as unknown as { __bleSubscribed: Map<string, BluetoothRemoteGATTCharacteristic> }
				).__bleSubscribed
					.get(k)!
					.readValue()
					.then(() => undefined),
			key
		);
	}

	async installPageHook(page: Page): Promise<void> {
		await page.evaluateOnNewDocument(() => {
			const subs = new Map<string, BluetoothRemoteGATTCharacteristic>();
			(window as unknown as { __bleSubscribed: typeof subs }).__bleSubscribed = subs;
			const proto = (
				globalThis as unknown as {
					BluetoothRemoteGATTCharacteristic?: { prototype: BluetoothRemoteGATTCharacteristic };
				}
			).BluetoothRemoteGATTCharacteristic?.prototype;
			if (!proto) return;
			const key = (c: BluetoothRemoteGATTCharacteristic) => `${c.service.device.name}|${c.uuid}`;
			const start = proto.startNotifications;
			proto.startNotifications = async function (this: BluetoothRemoteGATTCharacteristic) {
				const result = await start.apply(this);
				subs.set(key(this), this);
				this.service.device.addEventListener('gattserverdisconnected', () => subs.delete(key(this)), {
					once: true
				});
				return result;
			};
			const stop = proto.stopNotifications;
			proto.stopNotifications = async function (this: BluetoothRemoteGATTCharacteristic) {
				subs.delete(key(this));
				return stop.apply(this);
			};
		});
	}

	async close(): Promise<void> {
		await this.cdp.send('BluetoothEmulation.disable').catch(() => {});
		await this.cdp.detach().catch(() => {});
	}

	private async onGatt({ address, type }: { address: string; type: string }): Promise<void> {
		const dev = this.device(address);
		let code = 0;
		if (type === 'connection') {
			code = dev.connectCodes.shift() ?? 0;
			if (code === 0 && !dev.built) await this.buildGatt(dev);
			if (code === 0) dev.connections++;
		}
		await this.cdp.send('BluetoothEmulation.simulateGATTOperationResponse', {
			address,
			type: type as 'connection' | 'discovery',
			code
		});
	}

	private async onChar({
		characteristicId,
		type,
		data,
		writeType
	}: {
		characteristicId: string;
		type: string;
		data?: string;
		writeType?: string;
	}): Promise<void> {
		const { dev, state } = this.byId(characteristicId);
		type OpType = 'read' | 'write' | 'subscribe-to-notifications' | 'unsubscribe-from-notifications';
		const reply: { characteristicId: string; type: OpType; code: number; data?: string } = {
			characteristicId,
			type: type as OpType,
			code: 0
		};
		let record: WriteRecord | null = null;
		if (type === 'read') reply.data = b64(state.queue.shift() ?? state.value);
		else if (type === 'write') {
			record = {
				address: dev.address,
				uuid: state.uuid,
				bytes: [...Buffer.from(data ?? '', 'base64')],
				writeType
			};
			this.writes.push(record);
		}
		await this.cdp.send('BluetoothEmulation.simulateCharacteristicOperationResponse', reply);
		if (record) this.onWrite?.(record);
	}

	private async onDesc({ descriptorId, type }: { descriptorId: string; type: string }): Promise<void> {
		await this.cdp.send('BluetoothEmulation.simulateDescriptorOperationResponse', {
			descriptorId,
			type: type as 'read' | 'write',
			code: 0,
			...(type === 'read' ? { data: b64([0, 0]) } : {})
		});
	}

	private device(address: string): Device {
		const dev = this.devices.get(address);
		if (!dev) throw new Error(`unknown peripheral ${address}`);
		return dev;
	}

	private char(address: string, uuid: string): CharState {
		const state = this.device(address).charsByUuid.get(uuid);
		if (!state) throw new Error(`unknown characteristic ${uuid} on ${address}`);
		return state;
	}

	private byId(id: string): { dev: Device; state: CharState } {
		for (const dev of this.devices.values()) {
			const state = dev.charsById.get(id);
			if (state) return { dev, state };
		}
		throw new Error(`operation on unknown characteristic id ${id}`);
	}
}
