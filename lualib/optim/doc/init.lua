return { 'logger' }
