/** {@code vigil demo}: a MASTER/BACKUP pair of LVS-DR directors, two nginx real servers and a client in throw-away network namespaces, and a failover to watch under traffic. */
package io.vigil.director.demo;
