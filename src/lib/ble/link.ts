/**
 * The little GATT surface the device drivers need. A real Web Bluetooth device and the simulated
 * wearable both implement it, so the simulated bytes go through exactly the same drivers,
 * decoders and chunk path as a strap on a chest.
 */

export type ValueListener = (value: DataView) => void;

export interface GattLink {
	/** Stable id (Web Bluetooth's device.id), used to remember the device. */
	readonly id: string;
	readonly name: string;
	readonly connected: boolean;
	/** Open the GATT connection (again). Rejects when the device cannot be reached. */
	connect(): Promise<void>;
	/** Close the connection on purpose. Listeners registered with onDisconnected still fire. */
	disconnect(): void;
	hasService(service: string): Promise<boolean>;
	read(service: string, characteristic: string): Promise<DataView>;
	write(service: string, characteristic: string, bytes: Uint8Array): Promise<void>;
	/** Start notifications or indications; the listener gets every value. */
	subscribe(service: string, characteristic: string, listener: ValueListener): Promise<void>;
	/** Called whenever the link drops, expected or not. Returns an unsubscribe function. */
	onDisconnected(listener: () => void): () => void;
	/** Switch off for good: a simulated device stops its timers (a real one has none). */
	dispose?(): void;
}

/** GattLink over a Web Bluetooth BluetoothDevice. */
export class WebBluetoothLink implements GattLink {
	private server: BluetoothRemoteGATTServer | null = null;
	private services = new Map<string, Promise<BluetoothRemoteGATTService>>();
	private characteristics = new Map<string, Promise<BluetoothRemoteGATTCharacteristic>>();
	private subscriptions: { char: BluetoothRemoteGATTCharacteristic; handler: (e: Event) => void }[] = [];
	private readonly listeners = new Set<() => void>();

	constructor(readonly device: BluetoothDevice) {
		device.addEventListener('gattserverdisconnected', this.handleDisconnect);
	}

	get id(): string {
		return this.device.id;
	}
	get name(): string {
		return this.device.name ?? 'Unnamed wearable';
	}
	get connected(): boolean {
		return this.device.gatt?.connected ?? false;
	}

	async connect(): Promise<void> {
		if (!this.device.gatt) throw new DOMException('This device has no GATT server.', 'NotSupportedError');
		this.clearCaches();
		this.server = await this.device.gatt.connect();
	}

	disconnect(): void {
		this.device.gatt?.disconnect();
	}

	async hasService(service: string): Promise<boolean> {
		try {
			await this.service(service);
			return true;
		} catch {
			this.services.delete(service);
			return false;
		}
	}

	async read(service: string, characteristic: string): Promise<DataView> {
		const c = await this.characteristic(service, characteristic);
		return c.readValue();
	}

	async write(service: string, characteristic: string, bytes: Uint8Array): Promise<void> {
		const c = await this.characteristic(service, characteristic);
		const data = new Uint8Array(bytes); // a fresh ArrayBuffer-backed copy (BufferSource)
		if (c.properties.write || !c.properties.writeWithoutResponse) await c.writeValueWithResponse(data);
		else await c.writeValueWithoutResponse(data);
	}

	async subscribe(service: string, characteristic: string, listener: ValueListener): Promise<void> {
		const c = await this.characteristic(service, characteristic);
		// The listener sits on the characteristic itself: Chromium dispatches value changes there.
		const handler = (e: Event) => {
			const value = (e.target as BluetoothRemoteGATTCharacteristic).value;
			if (value) listener(value);
		};
		c.addEventListener('characteristicvaluechanged', handler);
		this.subscriptions.push({ char: c, handler });
		await c.startNotifications();
	}

	onDisconnected(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private handleDisconnect = (): void => {
		this.clearCaches();
		for (const l of [...this.listeners]) l();
	};

	private clearCaches(): void {
		for (const { char, handler } of this.subscriptions)
			char.removeEventListener('characteristicvaluechanged', handler);
		this.subscriptions = [];
		this.services.clear();
		this.characteristics.clear();
	}

	private service(uuid: string): Promise<BluetoothRemoteGATTService> {
		let p = this.services.get(uuid);
		if (!p) {
			const server = this.server;
			if (!server) return Promise.reject(new DOMException('GATT Server is disconnected.', 'NetworkError'));
			p = server.getPrimaryService(uuid);
			this.services.set(uuid, p);
			p.catch(() => this.services.delete(uuid));
		}
		return p;
	}

	private characteristic(service: string, uuid: string): Promise<BluetoothRemoteGATTCharacteristic> {
		const key = `${service}/${uuid}`;
		let p = this.characteristics.get(key);
		if (!p) {
			p = this.service(service).then((s) => s.getCharacteristic(uuid));
			this.characteristics.set(key, p);
			p.catch(() => this.characteristics.delete(key));
		}
		return p;
	}
}

/**
 * The link as one connection attempt sees it: once `signal` aborts (the attempt timed out or was
 * replaced), every further operation fails and notifications to its listeners stop, so a setup
 * that finishes late can never subscribe a second handler next to the current attempt's.
 */
export function attemptLink(link: GattLink, signal: AbortSignal): GattLink {
	const check = () => signal.throwIfAborted();
	const guard = async <T>(op: () => Promise<T>): Promise<T> => {
		check();
		const result = await op();
		check();
		return result;
	};
	return {
		get id() {
			return link.id;
		},
		get name() {
			return link.name;
		},
		get connected() {
			return link.connected && !signal.aborted;
		},
		connect: () => guard(() => link.connect()),
		disconnect: () => link.disconnect(),
		hasService: (s) => guard(() => link.hasService(s)),
		read: (s, c) => guard(() => link.read(s, c)),
		write: (s, c, bytes) => guard(() => link.write(s, c, bytes)),
		subscribe: (s, c, listener) =>
			guard(() =>
				link.subscribe(s, c, (value) => {
					if (!signal.aborted) listener(value);
				})
			),
		onDisconnected: (listener) => link.onDisconnected(listener)
	};
}
