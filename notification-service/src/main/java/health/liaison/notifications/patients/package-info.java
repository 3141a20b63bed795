/** What notifications does when records merges two charts of one person: the merged chart's messages (waiting and sent), replies and preferences move to the surviving chart. */
package health.liaison.notifications.patients;
