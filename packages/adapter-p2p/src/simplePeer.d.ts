// Types for the `#simple-peer` import (package.json "imports"): the same
// constructor whichever build the condition picks.
import SimplePeer from 'simple-peer';
export default SimplePeer;
