/** How rows not measured are marked: their skipReason starts with NOT_MEASURED. */
export const NOT_MEASURED = 'not measured:';
/** A row the interrupt kept from being measured. */
export const NOT_MEASURED_REASON = `${NOT_MEASURED} the run was interrupted`;
/** A row still ahead when a report was written during the run (the report written after each row). */
export const NOT_MEASURED_YET_REASON = `${NOT_MEASURED} the run had not reached this row when this report was written, and never finished`;
