/**
 * Vernier Go Direct Respiration Belt (GDX-RB): the public entry. Import Go Direct names from
 * here; the code lives in
 *   gdx-commands.ts  ids, packet framing, command builder and rolling-counter writer (app → belt)
 *   gdx-packets.ts   reassembly of split notifications, replies and measurements (belt → app)
 *   gdx-payloads.ts  reply payloads: status, device info, sensor info, sensor masks
 * Primary sources: Vernier's own Go Direct libraries, github.com/VernierST/godirect-js
 * (src/Device.js, src/constants.js, src/WebBluetoothDeviceAdapter.js; BSD-3-Clause) and
 * github.com/VernierST/godirect-py (godirect/device.py, godirect/device_ble.py).
 */
export {
	buildGdxCommand,
	decodeGdxCommand,
	GDX_COMMAND,
	GDX_RB_NAME_PREFIX,
	GDX_RESPONSE,
	GDX_SERVICE,
	gdxChecksum,
	GdxCommandId,
	gdxCommandName,
	GdxCommandWriter,
	gdxSensorMask,
	gdxSensorsFromMask
} from './gdx-commands';
export type { GdxCommandPacket, GdxDecodeOptions, GdxOutgoing } from './gdx-commands';
export {
	decodeGdxPacket,
	encodeGdxMeasurement,
	encodeGdxReply,
	GdxReassembler,
	gdxReplyMatches
} from './gdx-packets';
export type {
	GdxMeasurement,
	GdxMeasurementInput,
	GdxPacket,
	GdxReply,
	GdxReplyInput,
	GdxSkipped
} from './gdx-packets';
export {
	decodeGdxDeviceInfo,
	decodeGdxSensorInfo,
	decodeGdxSensorMask,
	decodeGdxStatus
} from './gdx-payloads';
export type { GdxDeviceInfo, GdxSensorInfo, GdxStatus } from './gdx-payloads';
