/** The clinics of the practice group: time zone and opening hours. */
package health.liaison.scheduling.locations;
