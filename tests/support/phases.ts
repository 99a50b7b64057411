import type { PhaseSink } from '../../src/lib/core/engine/phase-sink';

/** A phase detector's sink that hears only when the breath went still (an apnea's start). */
export function stillSink(stillSince: (t: number, at: number) => void): PhaseSink {
	return {
		phaseStart() {},
		phaseEnd() {},
		phaseRetracted() {},
		cycle() {},
		stillSince,
		movingAgain() {},
		interrupted() {},
		artifact() {}
	};
}
