/**
 * Polar Measurement Data (PMD) service of the Polar H10: the public entry. Import PMD names from
 * here; the code lives in
 *   pmd-control.ts   ids, measurement types, feature map, control-point commands and replies
 *   pmd-settings.ts  settings lists (bodies of start commands, get-settings and start replies)
 *   pmd-frames.ts    ECG / ACC data frames with per-sample timestamps, simulator encoders
 *   pmd-delta.ts     delta decompression of compressed frames
 * Primary sources: Polar, "Polar Measurement Data Specification" (PDF, 2019 and 2021 editions,
 * published in github.com/polarofficial/polar-ble-sdk under technical_documentation/ until 2023;
 * the 2019 edition holds the worked byte examples), and the Polar BLE SDK source that implements it
 * (polar-ble-sdk, sources/Android/android-communications: BlePMDClient.kt, PmdSetting.kt,
 * PmdControlPointCommand.kt, PmdControlPointResponse.kt, PmdDataFrame.kt).
 */
export {
	buildPmdGetSdkModeSettings,
	buildPmdGetSdkModeStatus,
	buildPmdGetSettings,
	buildPmdStart,
	buildPmdStop,
	decodePmdCommand,
	decodePmdControlPoint,
	decodePmdFeatures,
	encodePmdFeatures,
	encodePmdResponse,
	encodePmdStoppedNotice,
	mergePmdContinuation,
	PMD_CONTROL_POINT,
	PMD_DATA,
	PMD_SERVICE,
	PmdIndication,
	PmdMeasurement,
	PmdOp,
	PmdStatus,
	pmdMeasurementName,
	pmdOpName,
	pmdReplySettings,
	pmdStartScalingFactor,
	pmdStatusName
} from './pmd-control';
export type {
	PmdCommand,
	PmdControlPointMessage,
	PmdFeatures,
	PmdResponse,
	PmdResponseInput,
	PmdStartSettings,
	PmdStoppedNotice
} from './pmd-control';
export { decodePmdSettings, encodePmdSettings } from './pmd-settings';
export type { PmdSettings } from './pmd-settings';
export { decodePmdDataFrame, encodePmdAccFrame, encodePmdEcgFrame, pmdSampleTimestamps } from './pmd-frames';
export type { PmdAccFrame, PmdDataFrame, PmdEcgFrame, PmdFrameContext } from './pmd-frames';
export { decodeDeltaFrame } from './pmd-delta';
