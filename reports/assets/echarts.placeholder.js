/* Placeholder for echarts.min.js, which `make assets` copies here from the npm
   package pinned in package-lock.json. A binary built without it writes reports
   that load echarts from the network and say so in a banner. */
