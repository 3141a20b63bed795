/** What scheduling does when records merges two charts of one person: the merged chart's appointments, waitlist entries and surgery cases move to the surviving chart. */
package health.liaison.scheduling.patients;
