// Performance marks of a join (bench:group prints them per hop, docs/peer-protocol.md Groups): each names the
// member that made it (`me`) and the other member concerned, so the benchmark can put the pages' marks of one
// introduction on one timeline. A handful per introduction: the timeline stays small in a long call.

export type JoinStep =
	/** A member's hello arrived (`from`): the pair's channel is open. */
	| 'hello'
	/** A roster entry new to this member (`id`) arrived from `from`. */
	| 'learned'
	/** This member starts making the bootstrap offer for the pair with `to`. */
	| 'offer-start'
	/** That offer leaves (relayed) to `to`. */
	| 'offer-sent'
	/** A relayed description for someone else (`from` → `to`) was passed on. */
	| 'forwarded'
	/** The introducer handed the newcomer `to` the offer `from` made ahead (./premade). */
	| 'handed'
	/** A relayed join description from `from` arrived for this member. */
	| 'received'
	/** The answer to `to` leaves (relayed). */
	| 'answer-sent'
	/** The relayed answer from `from` is applied. */
	| 'answer-applied'
	/** The pair with `id` is connected (ICE). */
	| 'connected';

export function joinMark(step: JoinStep, detail: Record<string, string>): void {
	performance.mark(`qrcall:join-${step}`, { detail });
}
