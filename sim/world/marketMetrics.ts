// The metrics more than one market records, declared once: each market world lists the ones it
// records beside its own (see sim/metrics/catalog.ts for what a declaration is).
import { FRACTION, nonNegative, series, summary } from '../metrics/catalog.js';

export const UTILIZATION = series('utilization', 'market', FRACTION, ['mean', 'max'], 'share of all GPUs busy running jobs');
export const PROVIDERS_UP = series('providers_up', 'providers', FRACTION, ['min', 'mean'], 'share of all GPUs on providers that are up');
export const PROVIDER_REVENUE = series('provider_revenue_usd', 'providers', nonNegative('USD'), ['last'], "paid to providers so far, after the protocol's cut");
export const PROTOCOL_FEES = summary('protocol_fees_usd', 'market', nonNegative('USD'), "the protocol's cut of what users paid");
