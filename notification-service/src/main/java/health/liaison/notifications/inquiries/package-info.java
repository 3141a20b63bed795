/**
 * Prospective patients (records' inquiries): the acknowledgement an inquirer gets in their language, and texts from
 * senders nobody knows handed to records as inquiries instead of being dropped.
 */
package health.liaison.notifications.inquiries;
