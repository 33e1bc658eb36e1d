import { publishedOnlyRouter } from '../../../utils/published-only-router';

export default publishedOnlyRouter('api::relief-programme.relief-programme');
