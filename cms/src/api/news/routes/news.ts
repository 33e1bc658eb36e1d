import { news } from '@fulian/shared-types/model';
import { publishedOnlyRouter } from '../../../utils/published-only-router';

export default publishedOnlyRouter(news.uid);
