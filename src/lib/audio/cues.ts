/**
 * The pacer's cues for eyes closed: gentle tones made with the Web Audio API (a rising tone to
 * breathe in, a soft tick to hold, a falling tone to breathe out), optional spoken words (Web
 * Speech) and a short vibration, each where the browser has it. Shared by every exercise the pacer
 * leads. Nothing here throws: a missing API just means that cue is not given.
 */
import type { CueSettings, PacerPhase } from '$lib/core/session/format';
import { phaseWords } from '$lib/core/pacer/words';

type Sound = { from: number; to: number; seconds: number; kind: 'tone' | 'tick' };

/** Frequencies in Hz; low and soft, a fifth apart (C4–G4). */
const SOUNDS: Record<PacerPhase, Sound | null> = {
	inhale: { from: 262, to: 392, seconds: 1.2, kind: 'tone' },
	hold: { from: 660, to: 660, seconds: 0.09, kind: 'tick' },
	exhale: { from: 392, to: 262, seconds: 1.4, kind: 'tone' },
	pause: null,
	'stretch-hold': { from: 330, to: 440, seconds: 0.9, kind: 'tone' },
	'stretch-rest': { from: 440, to: 294, seconds: 1.2, kind: 'tone' }
};

const VIBRATIONS: Record<PacerPhase, number[]> = {
	inhale: [80],
	hold: [30],
	exhale: [40, 80, 40],
	pause: [],
	'stretch-hold': [120],
	'stretch-rest': [40, 80, 40]
};

/** Loudest gain at volume 1: these are background cues, never a jolt. */
const MAX_GAIN = 0.35;

export class CuePlayer {
	private ctx: AudioContext | null = null;

	constructor(public settings: CueSettings) {}

	static get speechAvailable(): boolean {
		return typeof speechSynthesis !== 'undefined';
	}

	static get vibrationAvailable(): boolean {
		return typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function';
	}

	/** Call from a tap (Start): browsers only let sound start after the person asked for it. */
	unlock(): void {
		try {
			this.ctx ??= new AudioContext();
			if (this.ctx.state === 'suspended') void this.ctx.resume();
		} catch {
			this.ctx = null;
		}
	}

	cue(phase: PacerPhase, stepSeconds: number): void {
		if (this.settings.sound && this.settings.volume > 0) this.play(phase, stepSeconds);
		if (this.settings.speech) this.say(phaseWords(phase));
		if (this.settings.vibration && CuePlayer.vibrationAvailable && VIBRATIONS[phase].length) {
			try {
				navigator.vibrate(VIBRATIONS[phase]);
			} catch {
				// Some browsers refuse without a recent tap; the sound and words still lead.
			}
		}
	}

	/** A sample of the sound at the current volume (for the volume control). */
	preview(): void {
		this.unlock();
		this.play('inhale', 2);
	}

	close(): void {
		void this.ctx?.close().catch(() => {});
		this.ctx = null;
		if (CuePlayer.speechAvailable) speechSynthesis.cancel();
	}

	private play(phase: PacerPhase, stepSeconds: number): void {
		const sound = SOUNDS[phase];
		const ctx = this.ctx;
		if (!sound || !ctx || ctx.state === 'closed') return;
		const now = ctx.currentTime;
		// A tone never outlasts its step (a 1-s hold gets a short tick).
		const seconds = Math.min(sound.seconds, Math.max(0.08, stepSeconds * 0.6));
		const peak = MAX_GAIN * Math.min(1, Math.max(0, this.settings.volume)) ** 2;
		const osc = ctx.createOscillator();
		const gain = ctx.createGain();
		osc.type = sound.kind === 'tick' ? 'triangle' : 'sine';
		osc.frequency.setValueAtTime(sound.from, now);
		osc.frequency.exponentialRampToValueAtTime(sound.to, now + seconds);
		// Soft attack and release: no click.
		const attack = sound.kind === 'tick' ? 0.005 : 0.15;
		gain.gain.setValueAtTime(0.0001, now);
		gain.gain.exponentialRampToValueAtTime(peak, now + attack);
		gain.gain.exponentialRampToValueAtTime(0.0001, now + seconds);
		osc.connect(gain).connect(ctx.destination);
		osc.start(now);
		osc.stop(now + seconds + 0.05);
	}

	private say(text: string): void {
		if (!CuePlayer.speechAvailable) return;
		try {
			speechSynthesis.cancel();
			const u = new SpeechSynthesisUtterance(text);
			u.rate = 0.85;
			u.volume = Math.min(1, Math.max(0.1, this.settings.volume));
			speechSynthesis.speak(u);
		} catch {
			// No voice: the tones still lead.
		}
	}
}
