// The simulated wearables' own thread (see simulated-host.ts).
import { SimulatedHost, type SimMessage, type SimRequest } from './simulated-host';

// A worker's global scope (the page's lib types call it Window).
const scope = self as unknown as {
	postMessage(message: SimMessage, transfer: Transferable[]): void;
	onmessage: ((e: MessageEvent<SimRequest>) => void) | null;
};
const host = new SimulatedHost((m, transfer) => scope.postMessage(m, transfer));
scope.onmessage = (e) => void host.handle(e.data);
