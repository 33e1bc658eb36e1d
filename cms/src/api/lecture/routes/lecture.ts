import { publishedOnlyRouter } from '../../../utils/published-only-router';

export default publishedOnlyRouter('api::lecture.lecture');
