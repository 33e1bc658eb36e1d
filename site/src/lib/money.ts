/**
 * Yuan amounts arrive as exact decimal strings ("146122.00") and are only ever handled as
 * integers of fen (BigInt), so no figure on the site is rounded by binary floating point.
 * The rules live in shared-types, shared with the CMS and the importer.
 */
export { formatWanYuan, formatYuan, sumFen, toFen } from '@fulian/shared-types/rules';
