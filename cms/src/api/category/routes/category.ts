import { category } from '@fulian/shared-types/model';
import { publishedOnlyRouter } from '../../../utils/published-only-router';

export default publishedOnlyRouter(category.uid);
