/**
 * Manufacturer recalls from inventory: every affected patient is asked to contact their clinic (RECALL_NOTICE, email
 * and SMS per consent and preferences), and each clinic's coordinators get one staff alert per recall.
 */
package health.liaison.notifications.recalls;
