import { publishedOnlyRouter } from '../../../utils/published-only-router';

export default publishedOnlyRouter('api::relief-batch.relief-batch');
