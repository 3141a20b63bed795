/** When a patient may be contacted: quiet hours in the clinic's time zone and a frequency cap. Plain Java. */
package health.liaison.notifications.quiethours;
