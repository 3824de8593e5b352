/** How a row the interrupt kept from being measured is marked: its skipReason starts so. */
export const NOT_MEASURED_REASON = 'not measured: the run was interrupted';
