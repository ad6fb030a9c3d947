/** The namespace lab: a JUnit 5 extension that builds network namespaces, veth pairs and bridges on 198.18.0.0/15 and runs processes inside them, always cleaning up. */
package io.vigil.dataplane.lab;
