import { publishedOnlyRouter } from '../../../utils/published-only-router';

export default publishedOnlyRouter('api::news.news');
