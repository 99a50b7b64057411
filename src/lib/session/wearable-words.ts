/** What each kind of wearable can tell during a breathing session, said plainly. */
export interface WearableAbility {
	/** Breath phases (in, hold, out) are followed one by one. */
	phases: boolean;
	text: string;
}

export function wearableAbility(kind: string): WearableAbility {
	switch (kind) {
		case 'gdx-belt':
			return { phases: true, text: 'Follows every breath phase: in, hold and out.' };
		case 'polar-h10':
			return { phases: true, text: 'Follows every breath phase from chest movement, and your heart rate.' };
		case 'hr-strap':
			return {
				phases: false,
				text: 'Heart rate and breathing rate only — it cannot tell each breath in and out.'
			};
		case 'phone':
			return { phases: true, text: 'Follows every breath phase from the phone resting on your chest.' };
		default:
			return { phases: false, text: 'Heart rate and breathing rate.' };
	}
}
