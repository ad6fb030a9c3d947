/**
 * keepalived.conf read as keepalived 2.2.7 reads it: preprocessor (include, {@code @id}, {@code $NAME}, {@code ~SEQ}),
 * lexer, parser, immutable model, validation with {@code FILE:LINE:COL} diagnostics and a JSON dump;
 * grammar per {@code keepalived.conf(5)} (https://github.com/acassen/keepalived/blob/master/doc/man/man5/keepalived.conf.5.in).
 */
package io.vigil.director.config;
