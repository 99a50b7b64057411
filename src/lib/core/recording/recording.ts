/**
 * A whole recording held in memory: what a CSV file (or a finished session) gives the offline
 * analyzer. Every channel is optional; times are seconds on one clock shared by all channels,
 * non-decreasing within a channel, and every array is exactly as long as its channel.
 */
export interface Recording {
	/** Belt stretch or force, any unit; rises on inhale unless told otherwise. */
	resp?: { t: Float64Array; value: Float64Array };
	/** Acceleration in milli-g, sensor axes. */
	acc?: { t: Float64Array; x: Float64Array; y: Float64Array; z: Float64Array };
	/** Time of the beat that ends each interval (s) and the R-R interval (ms). */
	rr?: { t: Float64Array; rrMs: Float64Array };
	/** ECG in microvolts. */
	ecg?: { t: Float64Array; value: Float64Array };
}
