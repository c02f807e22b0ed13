return { 'xlua' }
