// The request schemas of the HTTP API live in the one contract module (src/core/api.ts), beside the responses.
export { RegisterCasualty, CasualtyQuery, EvacuationQuery, EventsQuery, StreamQuery, CasualtyParams, ErrorResponse } from '../core/api.ts';
