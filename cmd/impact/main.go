// Command impact evaluates the impact of a school partnership against its
// theory of change. Run `impact help` for the commands.
package main

import "os"

func main() {
	os.Exit(NewApp().Run(os.Args[1:]))
}
