/** Health checking for real servers: checkers probe, one policy per virtual server decides (keepalived.conf(5) checkers). */
package io.vigil.healthcheck;
