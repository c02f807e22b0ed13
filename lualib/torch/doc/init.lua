return { 'idx' }
