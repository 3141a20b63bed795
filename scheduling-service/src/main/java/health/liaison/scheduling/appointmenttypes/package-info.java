/** The practice's appointment types: durations and the set-up and turnover buffers around them. */
package health.liaison.scheduling.appointmenttypes;
