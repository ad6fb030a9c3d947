/** {@code vigil demo}: a MASTER/BACKUP pair and a client in throw-away network namespaces, and a failover to watch. */
package io.vigil.director.demo;
