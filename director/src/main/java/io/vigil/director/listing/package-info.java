/**
 * {@code vigil list} from the dataplane's statistics, in ipvsadm's formats (ipvsadm.c {@code print_title},
 * {@code print_service_entry}, {@code list_conn}; https://git.kernel.org/pub/scm/utils/kernel/ipvsadm/ipvsadm.git),
 * and IPVS's rate estimator (net/netfilter/ipvs/ip_vs_est.c).
 */
package io.vigil.director.listing;
