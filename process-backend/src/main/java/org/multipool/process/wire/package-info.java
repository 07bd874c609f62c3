/**
 * What a pool and its worker JVMs share: the protocol, one type per frame, the values and the
 * codec. Both sides depend on this package; it depends on neither.
 *
 * <p>Not an API: the module does not export this package, and it may change in any release.
 */
package org.multipool.process.wire;
